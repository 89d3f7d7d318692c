#!/bin/sh
# Content library at scale: generate 100,000 items as a CSV, import them with
# `sopdeck import content`, then time `sopdeck content --search` for 1-, 2- and
# 3+-character Chinese queries and a tag filter. Prints wall time, rows/second
# and peak RSS, all measured here (GNU time -v when present, else a getrusage
# wrapper built on the spot).
#
#   sh tests/bench-content.sh [N]        (N items, default 100000)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
SOPDECK=${SOPDECK:-$top/sopdeck}
N=${1:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export SOPDECK_DB="$tmp/bench.db" SOPDECK_TODAY=2026-03-04 LC_ALL=C.UTF-8 USER=bench

# A measuring wrapper: prints "elapsed_s maxrss_kb" on fd 3 after running the command.
if /usr/bin/time -v true >/dev/null 2>&1; then
	measure() {
		/usr/bin/time -v -o "$tmp/time.txt" "$@" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		el=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt" |
			awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
		rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
		echo "$el $rss"
		return $rc
	}
else
	cat >"$tmp/rusage.c" <<'C'
#include <stdio.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	struct timeval a, b;
	gettimeofday(&a, NULL);
	pid_t p = fork();
	if (p == 0) { execvp(argv[1], argv + 1); _exit(127); }
	int st;
	waitpid(p, &st, 0);
	gettimeofday(&b, NULL);
	struct rusage ru;
	getrusage(RUSAGE_CHILDREN, &ru);
	fprintf(stderr, "%.3f %ld\n", (b.tv_sec - a.tv_sec) + (b.tv_usec - a.tv_usec) / 1e6,
		ru.ru_maxrss);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
C
	cc -O1 -o "$tmp/rusage" "$tmp/rusage.c" || exit 1
	measure() {
		"$tmp/rusage" "$@" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		tail -n 1 "$tmp/err"
		return $rc
	}
fi

echo "generating $N items"
python3 - "$N" >"$tmp/content.csv" <<'PY'
import random, sys
n = int(sys.argv[1])
random.seed(42)
topics = ["育儿干货", "辅食", "睡眠", "早安", "会员日", "优惠券", "直播预告", "用户故事",
          "品牌故事", "互动话题", "打卡", "湿疹", "发烧", "早教", "出行", "节点营销"]
words = "宝宝 妈妈 辅食 添加 误区 睡眠 早安 福利 直播 答疑 会员 优惠 故事 品牌 打卡 挑战 " \
        "护理 发烧 早教 游戏 出行 安全 座椅 米粉 奶瓶 体验 活动 抽奖 分享 成长".split()
cats = ["engage", "convert", "brand"]
zones = ["knowledge", "visual", "campaign", "ugc"]
forms = ["text", "video", "voice", "live", "qa"]
print("title,category,zone,form,style,tags,date,source,body")
for i in range(n):
    title = "".join(random.choice(words) for _ in range(4)) + f" #{i}"
    tags = ";".join(random.sample(topics, random.randint(1, 3)))
    body = "，".join("".join(random.choice(words) for _ in range(5)) for _ in range(8)) + "。"
    y, m, d = 2024 + i % 3, 1 + i % 12, 1 + i % 28
    print(f"{title},{random.choice(cats)},{random.choice(zones)},{random.choice(forms)},"
          f"官方,{tags},{y}-{m:02d}-{d:02d},原创,{body}")
PY
echo "CSV: $(du -h "$tmp/content.csv" | cut -f1)"

r=$(measure "$SOPDECK" import content "$tmp/content.csv") || { cat "$tmp/err"; exit 1; }
set -- $r
echo "import $N items: ${1}s, $(python3 -c "print(int($N / max($1, 0.001)))") rows/s, peak RSS ${2} KB"
echo "database: $(du -h "$SOPDECK_DB" | cut -f1)"

run() { # label, sopdeck content args...
	label=$1
	shift
	r=$(measure "$SOPDECK" content --json "$@") || { cat "$tmp/err"; exit 1; }
	set -- $r
	rows=$(python3 -c "import json; print(json.load(open('$tmp/out'))['count'])")
	echo "$label: $rows rows in ${1}s ($(python3 -c "print(int($rows / max($1, 0.001)))") rows/s), peak RSS ${2} KB"
}
run "search 1 char  (育)" --search 育
run "search 2 chars (误区)" --search 误区
run "search 3+ chars (育儿干货)" --search 育儿干货
run "search rare 3+ (#99999)" --search "#99999"
run "tag filter (湿疹)" --tag 湿疹
run "tag + category + search 2" --tag 湿疹 --category engage --search 误区
