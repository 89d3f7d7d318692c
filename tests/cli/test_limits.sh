#!/bin/sh
# Limits and crash safety: huge or hostile input fails (or succeeds) within bounded
# memory and time with a clear message, and kill -9 in the middle of an import or a
# batch of ticks leaves a database that passes integrity_check with all or none of
# each change. Memory is the child's peak RSS (getrusage); time is a generous bound
# that only a hang or quadratic work would cross (the benchmark measures speed).
. "$(dirname "$0")/../lib.sh"

# Sanitizer builds keep freed memory in quarantine and run several times slower: there
# the bounds only catch a runaway; the optimised build is where memory is held to 96 MB.
case "$SOPDECK" in
*asan*) MAX_KB=2000000 MAX_S=120 ;;
*) MAX_KB=96000 MAX_S=60 ;;
esac

# measure NAME WANT_STATUS COMMAND...: run it; passes when the status is WANT_STATUS
# and the peak RSS and the time stay under the bounds. stderr is in $TEST_TMP/last.err.
measure() {
	name=$1 want=$2
	shift 2
	res=$(python3 - "$@" 2>&1 <<'EOF'
import resource, subprocess, sys, time
import os
t = time.monotonic()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,
                   stderr=open(os.environ["LAST_ERR"], "w"))
el = time.monotonic() - t
print(p.returncode, "%.2f" % el, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
EOF
)
	set -- $res
	if [ "$1" = "$want" ] && [ "${3:-0}" -le "$MAX_KB" ] &&
		python3 -c "import sys; sys.exit(0 if $2 <= $MAX_S else 1)"; then
		ok "$name (status $1, ${2}s, ${3} KB)"
	else
		not_ok "$name" "status $1 (wanted $want), ${2}s (max $MAX_S), ${3} KB (max $MAX_KB)" \
			"$(head -c 1000 "$TEST_TMP/last.err")"
	fi
}
export LAST_ERR="$TEST_TMP/last.err"

check "import groups" "$SOPDECK" import groups "$FIXTURES/groups.csv"
# The file's bytes before each refused import: nothing may change.
snapshot() { "$SOPDECK" content --json | md5sum; }

# ---- a 100 MB groups CSV: refused early, without reading it all ----
python3 - "$TEST_TMP/groups-100mb.csv" <<'EOF'
import sys
# Bytes counted as written: a text file's tell() per row made this 25 s of the suite.
with open(sys.argv[1], "wb") as f:
    size = f.write("name,platform,type,created,owner,positioning\n".encode())
    row = "第%07d群,wecom,promotion,2026-01-01,小美," + "为职场女性提供穿搭解决方案" * 2 + "\n"
    i = 0
    while size < 100 * 1024 * 1024:
        size += f.write((row % i).encode())
        i += 1
EOF
measure "100 MB groups CSV: refused, bounded" 1 "$SOPDECK" import groups "$TEST_TMP/groups-100mb.csv"
contains "100 MB groups CSV: says where and why" "$TEST_TMP/last.err" \
	"groups-100mb.csv:10002: more than 10000 groups in one file"
n=$("$SOPDECK" today --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["groups"]))')
if [ "$n" -lt 100 ]; then ok "100 MB groups CSV: nothing imported"; else not_ok "nothing imported" "$n groups"; fi

# ---- a 100 MB KPI CSV whose rows name unknown groups: every bad line counted, none kept ----
python3 - "$TEST_TMP/kpi-100mb.csv" <<'EOF'
import sys
with open(sys.argv[1], "wb") as f:
    size = f.write("日期,群名,群成员数,新增群成员数,退群成员数,发过消息的群成员数\n".encode())
    i = 0
    while size < 100 * 1024 * 1024:
        size += f.write(("2026-02-%02d,没有这个群%d,\"1,000\",20,5,50\n"
                         % (i % 28 + 1, i % 1000)).encode())
        i += 1
EOF
measure "100 MB KPI CSV of unknown groups: refused, bounded" 1 \
	"$SOPDECK" import kpi "$TEST_TMP/kpi-100mb.csv"
contains "100 MB KPI CSV: names an unknown group with its line" "$TEST_TMP/last.err" \
	"kpi-100mb.csv:2:"

# ---- 400,000 group-days of real rows: imported (checking for repeats is not quadratic) ----
"$SOPDECK" today --json >"$TEST_TMP/groups.json"
python3 - "$TEST_TMP/kpi-400k.csv" "$TEST_TMP/groups.json" <<'EOF'
import datetime, json, sys
start = datetime.date(2000, 1, 1)
names = [g["name"] for g in json.load(open(sys.argv[2]))["groups"]][:2]
with open(sys.argv[1], "w") as f:
    f.write("日期,群名,群成员数,新增群成员数,退群成员数,发过消息的群成员数\n")
    for g in names:
        for i in range(200000):
            f.write("%s,%s,\"1,000\",20,5,50\n" % (start + datetime.timedelta(days=i), g))
EOF
measure "400,000 KPI rows: imported, bounded" 0 "$SOPDECK" --today 2600-01-01 import kpi "$TEST_TMP/kpi-400k.csv"
# A repeat at the very end is still found, with the line of its first row.
tail -1 "$TEST_TMP/kpi-400k.csv" >>"$TEST_TMP/kpi-400k.csv"
measure "400,001 KPI rows with one repeat: refused, bounded" 1 \
	"$SOPDECK" --today 2600-01-01 import kpi "$TEST_TMP/kpi-400k.csv"
contains "the repeat is named with both lines" "$TEST_TMP/last.err" \
	"kpi-400k.csv:400002: the same group and day as line 400001"

# ---- a line without end: 100 MB and no newline ----
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('title,category,body\n标题,engage,')
    f.write('长' * (100 * 1024 * 1024 // 3))
" "$TEST_TMP/endless.csv"
before=$(snapshot)
measure "100 MB line without end: refused, bounded" 1 "$SOPDECK" import content "$TEST_TMP/endless.csv"
contains "line without end: says so with its line" "$TEST_TMP/last.err" "endless.csv:2:"
if [ "$(snapshot)" = "$before" ]; then ok "line without end: nothing imported"; else
	not_ok "line without end: nothing imported"; fi

# ---- a 10 MB YAML scalar: a content body imports; a playbook is refused by its size limit ----
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('- title: 超长正文\n  category: engage\n  date: 2026-03-01\n  body: \"')
    f.write('干货' * (10 * 1024 * 1024 // 6))
    f.write('\"\n')
" "$TEST_TMP/big-scalar.yaml"
measure "10 MB YAML scalar in content: imported, bounded" 0 \
	"$SOPDECK" import content "$TEST_TMP/big-scalar.yaml"
len=$("$SOPDECK" content --search 超长正文 --json |
	python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"][0]["body"]))')
if [ "$len" -ge 3000000 ]; then ok "10 MB scalar: the whole body is stored ($len characters)"; else
	not_ok "10 MB scalar: the whole body is stored" "$len characters"; fi
measure "10 MB YAML scalar in a playbook: refused, bounded" 1 \
	"$SOPDECK" import playbook "$TEST_TMP/big-scalar.yaml"
contains "10 MB playbook: says it is over the limit" "$TEST_TMP/last.err" "larger than the limit"

# ---- a million tags: refused at the tag limit, not after sorting them all out ----
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('- title: 标签太多\n  date: 2026-03-01\n  tags: [')
    f.write(', '.join('t%d' % i for i in range(1000000)))
    f.write(']\n')
" "$TEST_TMP/million-tags.yaml"
before=$(snapshot)
# libyaml holds the document's million nodes: more memory than a streamed CSV, still
# bounded by the 64 MiB cap on a content YAML file.
MAX_KB_CSV=$MAX_KB
MAX_KB=$((MAX_KB * 3))
measure "a million tags (YAML): refused, bounded" 1 "$SOPDECK" import content "$TEST_TMP/million-tags.yaml"
contains "a million tags: says how many are allowed" "$TEST_TMP/last.err" "too many tags"
MAX_KB=$MAX_KB_CSV
python3 -c "
import sys
with open(sys.argv[1], 'w') as f:
    f.write('title,date,tags\n标签太多,2026-03-01,\"')
    f.write(';'.join('%d' % (i % 1000) for i in range(200000)))
    f.write('\"\n')
" "$TEST_TMP/many-tags.csv"
measure "200,000 tags (CSV): refused, bounded" 1 "$SOPDECK" import content "$TEST_TMP/many-tags.csv"
contains "many tags (CSV): says how many are allowed" "$TEST_TMP/last.err" "too many tags"
if [ "$(snapshot)" = "$before" ]; then ok "too many tags: nothing imported"; else
	not_ok "too many tags: nothing imported"; fi

# ---- kill -9 in the middle of an import: integrity ok, all or none of it ----
python3 - "$TEST_TMP/content-big.csv" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("title,category,zone,form,tags,date,body\n")
    for i in range(40000):
        f.write("第%d条 宝宝辅食怎么做,engage,knowledge,text,育儿;辅食,2026-02-%02d,%s\n"
                % (i, i % 28 + 1, "辅食添加的顺序与误区" * 10))
EOF
integrity() {
	python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('pragma integrity_check').fetchone()[0], c.execute('select count(*) from content').fetchone()[0])" "$1"
}
killed_ok=0 killed_n=0 caught=0
for delay in 0.3 0.8 1.5; do
	db=$TEST_TMP/kill-$delay.db
	SOPDECK_DB=$db "$SOPDECK" import groups "$FIXTURES/groups.csv" >/dev/null
	SOPDECK_DB=$db "$SOPDECK" import content "$TEST_TMP/content-big.csv" >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && caught=$((caught + 1))
	wait "$pid" 2>/dev/null
	set -- $(integrity "$db")
	killed_n=$((killed_n + 1))
	if [ "$1" = ok ] && { [ "$2" = 0 ] || [ "$2" = 40000 ]; }; then
		killed_ok=$((killed_ok + 1))
	else
		echo "# after kill -9 at ${delay}s: integrity '$1', $2 content rows"
	fi
done
if [ "$killed_ok" = "$killed_n" ] && [ "$caught" -gt 0 ]; then
	ok "kill -9 mid-import: integrity ok, all or none ($killed_n runs, $caught killed while running)"
else not_ok "kill -9 mid-import: integrity ok, all or none" "$killed_ok of $killed_n runs, $caught caught"; fi
# The file is usable again at once: the next import goes through.
check "after kill -9: the import can be run again" env SOPDECK_DB="$TEST_TMP/kill-0.3.db" \
	"$SOPDECK" import content "$FIXTURES/content.csv"

# ---- kill -9 during ticks: each tick is whole (its row and its audit entry, or neither) ----
db=$TEST_TMP/kill-ticks.db
"$SOPDECK" --db "$db" import groups "$FIXTURES/groups.csv" >/dev/null
ids=$("$SOPDECK" --db "$db" today --json |
	python3 -c 'import json,sys; print(" ".join(a["id"] for g in json.load(sys.stdin)["groups"] for a in g["actions"] if a["kind"] == "action"))')
caught=0 runs=0
for delay in 0.002 0.005 0.01 0.02 0.03 0.05; do
	for id in $ids; do
		# This suite's own process, by its pid: started, then killed after the delay.
		"$SOPDECK" --db "$db" --operator killer tick "$id" >/dev/null 2>&1 &
		pid=$!
		sleep "$delay"
		kill -9 "$pid" 2>/dev/null && caught=$((caught + 1))
		wait "$pid" 2>/dev/null
		runs=$((runs + 1))
	done
	# Untick what went through, so the next round ticks again.
	for id in $ids; do "$SOPDECK" --db "$db" untick "$id" >/dev/null 2>&1; done
done
res=$(python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
ok = c.execute('pragma integrity_check').fetchone()[0]
ticks = c.execute('select count(*) from tick').fetchone()[0]
audit = c.execute(\"select coalesce(sum(kind = 'tick'), 0) - coalesce(sum(kind = 'untick'), 0) from audit\").fetchone()[0]
print(ok, ticks, audit)
" "$db")
set -- $res
if [ "$1" = ok ] && [ "$2" = "$3" ] && [ "$caught" -gt 0 ]; then
	ok "kill -9 mid-ticks: integrity ok, ticks match the audit log ($runs ticks, $caught killed while running)"
else
	not_ok "kill -9 mid-ticks: integrity ok, ticks match the audit log" "$res, $caught of $runs caught"
fi
