#!/bin/sh
# A large team at scale: N groups (default 200) with 90 days of KPI counters each and
# a week of calendar slots, then the work behind each tab timed through the command
# line (the console calls the same model functions): today's checklist with its KPI
# advice and slots, the KPI overview, the week grid, the audit log. Prints wall time
# and peak RSS, as measured here; nothing passes or fails on time.
#
#   sh tests/bench-groups.sh [N]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
SOPDECK=${SOPDECK:-$top/sopdeck}
N=${1:-200}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
export SOPDECK_DB="$tmp/bench.db" SOPDECK_TODAY=2026-03-04 LC_ALL=C.UTF-8 USER=bench

# measure LABEL COMMAND...: "LABEL: 0.12 s, 8123 KB" from the child's own rusage.
measure() {
	label=$1
	shift
	python3 - "$label" "$@" <<'EOF'
import resource, subprocess, sys, time
t = time.monotonic()
p = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
el = time.monotonic() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
if p.returncode:
    print("%s: failed (%d): %s" % (sys.argv[1], p.returncode, p.stderr.decode()[:300]))
else:
    print("%s: %.3f s, peak RSS %d KB" % (sys.argv[1], el, rss))
EOF
}

python3 - "$tmp" "$N" <<'EOF'
import datetime, sys
tmp, n = sys.argv[1], int(sys.argv[2])
types = ["promotion", "segmented", "service"]
with open(tmp + "/groups.csv", "w") as f:
    f.write("name,platform,type,created,owner,positioning\n")
    for i in range(n):
        created = datetime.date(2026, 3, 4) - datetime.timedelta(days=(i * 7) % 200)
        f.write("第%03d群·宝妈育儿,wecom,%s,%s,运营%d,为 0-3 岁宝宝的妈妈提供育儿干货\n"
                % (i, types[i % 3], created, i % 8))
with open(tmp + "/kpi.csv", "w") as f:
    f.write("日期,群名,群成员数,新增群成员数,退群成员数,发过消息的群成员数,群聊消息总数,推送触达数,打开数\n")
    for i in range(n):
        for d in range(90):
            day = datetime.date(2026, 3, 3) - datetime.timedelta(days=d)
            f.write("%s,第%03d群·宝妈育儿,%d,%d,%d,%d,%d,%d,%d\n" % (
                day, i, 200 + i, 3, 1, 10 + (i + d) % 30, 80, 200 + i, 30 + (i * d) % 40))
EOF
measure "import $N groups" "$SOPDECK" import groups "$tmp/groups.csv"
measure "import $((N * 90)) KPI rows" "$SOPDECK" import kpi "$tmp/kpi.csv"
# A week of content for every group's daily slots, through the command line's schedule.
"$SOPDECK" today --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
slots = [(g["name"], a["time"], a["action"]) for g in d["groups"] for a in g["actions"]
         if a["kind"] == "action" and a["time"] and a["category"]]
for s in slots[:400]:
    print(*s)
' >"$tmp/slots.txt"
while read -r g t a; do
	"$SOPDECK" schedule --group "$g" --date 2026-03-04 --slot "$t" --action "$a" \
		--topic "排期主题 $t" >/dev/null 2>&1
done <"$tmp/slots.txt"
echo "scheduled $(wc -l <"$tmp/slots.txt") slots"
measure "today (checklist + KPI advice + slots, $N groups)" "$SOPDECK" today
measure "today --json" "$SOPDECK" today --json
measure "kpi overview ($N groups, 7 days)" "$SOPDECK" kpi
measure "kpi overview, 30 days" "$SOPDECK" kpi --days 30
measure "calendar week, all groups" "$SOPDECK" calendar
measure "log, newest 50" "$SOPDECK" log --limit 50
