#!/bin/sh
# Content library at scale: generate 100,000 items as a CSV, import them with
# `sopdeck import content` (time, and the database's size against the CSV's),
# add a team's calendar and counters (500 groups, 5 weeks of slots, most
# posted, 365 days of counters) so that every item has its performance, then
# time `sopdeck content` for 1-, 2- and 5-character Chinese queries and a tag
# filter, as text and --json, whole and one --limit page. Prints wall and CPU
# time, rows/second and peak RSS, all measured here (GNU time -v when present,
# else a getrusage wrapper built on the spot). Then what the console does per
# keystroke of a `/` search: one page of 20 rows plus the header's capped
# count, and per cursor move in the Library: one item's performance, timed
# in-process against the model library (build/release/libsopdeck-model.a,
# `make` first).
#
#   sh tests/bench-content.sh [N]        (N items, default 100000)
#   BENCH_DB=/tmp/b.db ...               keep (and reuse) the generated database
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
SOPDECK=${SOPDECK:-$top/sopdeck}
N=${1:-100000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export SOPDECK_DB="${BENCH_DB:-$tmp/bench.db}" SOPDECK_TODAY=2026-03-04 LC_ALL=C.UTF-8 USER=bench

# A measuring wrapper: prints "elapsed_s maxrss_kb" on fd 3 after running the command.
if /usr/bin/time -v true >/dev/null 2>&1; then
	measure() {
		/usr/bin/time -v -o "$tmp/time.txt" "$@" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		el=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$tmp/time.txt" |
			awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
		rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time.txt")
		cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$tmp/time.txt")
		echo "$el $rss $cpu"
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
	fprintf(stderr, "%.3f %ld %.2f\n", (b.tv_sec - a.tv_sec) + (b.tv_usec - a.tv_usec) / 1e6,
		ru.ru_maxrss, ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
		(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
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

# The console's work per keystroke: one page + the (capped) count, median of 5.
cat >"$tmp/keystroke.c" <<'C'
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "content.h"
#include "dates.h"
#include "db.h"
#include "kpi.h"
#include "playbook.h"
#include "workspace.h"
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}
static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}
int main(int argc, char **argv)
{
	struct db *db;
	char *cause = NULL;
	setlocale(LC_ALL, "");
	if (workspace_open(argv[1], "bench", &db, &cause) < 0) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	/* A cursor move in the Library: the performance of one posted item, then of others. */
	struct playbook *pb;
	if (playbook_load_active(db, &pb, &cause) < 0) {
		fprintf(stderr, "%s\n", cause);
		return 1;
	}
	int today = date_parse(getenv("SOPDECK_TODAY"));
	double t[5];
	for (int r = 0; r < 5; r++) {
		struct kpi_content_perf p;
		double t0 = now();
		if (kpi_content_performance(db, pb, 1 + r * 977, today, &p, &cause) < 0) {
			fprintf(stderr, "%s\n", cause);
			return 1;
		}
		t[r] = now() - t0;
		if (r == 0)
			printf("cursor move (one item's performance), first: %.1f ms (posts %zu, rank "
			       "%zu/%zu)\n", t[0] * 1000, p.posts, p.rank, p.ranked);
	}
	qsort(t + 1, 4, sizeof *t, cmp);
	printf("cursor move, later ones: %.2f ms (median of 4)\n", (t[2] + t[3]) / 2 * 1000);
	playbook_free(pb);
	for (int a = 2; a < argc; a++) {
		struct content_filter f;
		content_filter_init(&f);
		f.search = argv[a];
		size_t n = 0, total = 0;
		for (int r = 0; r < 5; r++) {
			double t0 = now();
			struct content_item *page;
			if (content_query(db, &f, CONTENT_SORT_DATE, NULL, false, 20, &page, &n,
					  &cause) < 0) {
				fprintf(stderr, "%s\n", cause);
				return 1;
			}
			total = n;
#ifdef CONTENT_COUNT_CAP
			/* As the console does: a first page that is not full needs no count. */
			bool more;
			if (n == 20 && content_count_upto(db, &f, CONTENT_COUNT_CAP, &total, &more,
							  &cause) < 0) {
#else
			if (content_count(db, &f, &total, &cause) < 0) {
#endif
				fprintf(stderr, "%s\n", cause);
				return 1;
			}
			content_items_free(page, n);
			t[r] = now() - t0;
		}
		qsort(t, 5, sizeof *t, cmp);
		printf("keystroke '%s' (%zu chars): page %zu + count %zu in %.1f ms (median of 5)\n",
		       argv[a], (size_t)mbstowcs(NULL, argv[a], 0), n, total, t[2] * 1000);
	}
	db_close(db);
	return 0;
}
C
lib="$top/build/release/libsopdeck-model.a"
cap=$(grep -q content_count_upto "$top/include/content.h" && echo -DCONTENT_COUNT_CAP=1000)
cc -std=c11 -D_GNU_SOURCE -O2 $cap -I"$top/include" -o "$tmp/keystroke" "$tmp/keystroke.c" \
	"$lib" $(pkg-config --libs sqlite3 yaml-0.1) -lm || exit 1

if [ -n "${BENCH_DB:-}" ] && [ -s "$BENCH_DB" ]; then
	echo "reusing $BENCH_DB"
	r=$(measure "$SOPDECK" content --search "#99999") || { cat "$tmp/err"; exit 1; }
	set -- $r
	echo "open (runs pending migrations) + rare search: ${1}s, peak RSS ${2} KB"
else
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
echo "import $N items: ${1}s (CPU ${3}s), $(python3 -c "print(int($N / max($1, 0.001)))") rows/s, peak RSS ${2} KB"
csv_bytes=$(wc -c <"$tmp/content.csv")
db_bytes=$(wc -c <"$SOPDECK_DB")
echo "database: $db_bytes bytes = $(python3 -c "print(round($db_bytes / $csv_bytes, 2))") x the CSV ($csv_bytes bytes)"
# The team around the library: 500 groups, 5 weeks of slots (two a day, posted
# up to yesterday) on items spread over the library, 365 days of the counters
# behind open_rate and speaker_rate. Written straight into the tables.
python3 - "$SOPDECK_DB" "$N" <<'PY'
import sqlite3, sys, datetime, random
random.seed(7)
db, n = sqlite3.connect(sys.argv[1]), int(sys.argv[2])
today = datetime.date(2026, 3, 4)
day = lambda k: (today - datetime.timedelta(days=k)).isoformat()
db.executemany("INSERT INTO chat_group (id, name, platform, type, created) VALUES (?, ?, 'wecom', 'promotion', '2025-01-01')",
               [(g, f"宝妈群{g}") for g in range(1, 501)])
db.executemany("INSERT INTO slot (group_id, day, at, action_id, content_id, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, 'now', 'bench')",
               [(g, day(k), at, "a" + at, random.randint(1, n), "posted" if k > 0 else "planned")
                for g in range(1, 501) for k in range(35) for at in ("08:30", "20:00")])
db.executemany("INSERT INTO kpi_day (group_id, day, counter, value, imported_at, source) VALUES (?, ?, ?, ?, 'now', 'bench')",
               [(g, day(k), c, random.randint(b, 2 * b)) for g in range(1, 501) for k in range(1, 366)
                for c, b in (("delivered", 1000), ("opens", 300), ("members", 400), ("speakers", 40))])
db.commit()
PY
echo "workspace: 500 groups, 35,000 slots, 730,000 counter rows"
fi

run() { # label, sopdeck content --json args...
	label=$1
	shift
	r=$(measure "$SOPDECK" content --json "$@") || { cat "$tmp/err"; exit 1; }
	set -- $r
	rows=$(python3 -c "import json; print(json.load(open('$tmp/out'))['count'])")
	echo "$label: $rows rows in ${1}s (CPU ${3}s, $(python3 -c "print(int($rows / max($1, 0.001)))") rows/s), peak RSS ${2} KB"
}
text() { # label, sopdeck content args... (text output)
	label=$1
	shift
	r=$(measure "$SOPDECK" content "$@")
	set -- $r
	echo "$label: $(wc -l <"$tmp/out" | tr -d ' ') rows in ${1}s (CPU ${3}s), peak RSS ${2} KB"
}
text "text search 1 char  (育)" --search 育
text "text search 2 chars (误区)" --search 误区
text "text search 5 chars (夜醒怎么办)" --search 夜醒怎么办
run "json search 1 char  (育)" --search 育
run "json search 2 chars (误区)" --search 误区
run "json search 2 chars (误区), --limit 20" --search 误区 --limit 20
run "json search 3+ chars (育儿干货)" --search 育儿干货
run "json search rare 3+ (#99999)" --search "#99999"
run "json tag filter (育儿干货)" --tag 育儿干货
run "json tag filter (育儿干货), --limit 20" --tag 育儿干货 --limit 20
run "json tag filter (湿疹)" --tag 湿疹
run "json tag + category + search 2" --tag 湿疹 --category engage --search 误区
LC_ALL=C.UTF-8 "$tmp/keystroke" "$SOPDECK_DB" 育 误区 夜醒怎么办 育儿干货 "#99999" 怎么办？ Ｑ || exit 1
