#!/bin/sh
# The audit log on the command line (every change recorded with operator, time
# and what; --by/--kind/--since/--limit/--json filters) and group sharing: the
# database is 0600 by default, 0660 in a 2770 directory when shared.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/log.db
RUN="$SOPDECK --db $DB --today 2026-03-04"
check "alice imports groups" $RUN --operator alice import groups "$FIXTURES/groups.yaml"
check "alice imports content" $RUN --operator alice import content "$FIXTURES/content.csv"
check "bob imports kpi" $RUN --operator bob import kpi "$FIXTURES/kpi-wecom.csv"
check "bob imports a playbook" $RUN --operator bob import playbook "$FIXTURES/e2e-playbook.yaml"
check "bob ticks" $RUN --operator bob tick 1:morning
check "carol unticks" $RUN --operator carol untick 1:morning
check "carol schedules" $RUN --operator carol schedule --group 宝妈育儿交流群 --date 2026-03-05 \
	--slot 08:30 --content 1

$RUN log >"$TEST_TMP/log.txt"
for line in "alice  *import groups  *2 groups from" "alice  *content-import  *3 items" \
	"bob  *import  *kpi: " "bob  *import playbook  *#2 测试SOP e2e" "bob  *tick  *1:morning 2026-03-04" \
	"carol  *untick  *1:morning 2026-03-04" "carol  *schedule "; do
	if grep -q "$line" "$TEST_TMP/log.txt"; then ok "logged: $line"; else
		not_ok "logged: $line" "$(cat "$TEST_TMP/log.txt")"; fi
done
first=$(head -1 "$TEST_TMP/log.txt")
case $first in *carol*schedule*) ok "newest first" ;; *) not_ok "newest first" "$first" ;; esac
if grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} ' "$TEST_TMP/log.txt"; then
	ok "every entry has a time"; else not_ok "every entry has a time"; fi

$RUN log --by bob >"$TEST_TMP/bob.txt"
if [ "$(wc -l <"$TEST_TMP/bob.txt")" -eq 3 ] && ! grep -qv " bob " "$TEST_TMP/bob.txt"; then
	ok "--by bob: bob's three entries only"; else not_ok "--by bob: bob's three entries only" "$(cat "$TEST_TMP/bob.txt")"; fi
$RUN log --kind tick >"$TEST_TMP/tick.txt"
if [ "$(wc -l <"$TEST_TMP/tick.txt")" -eq 2 ]; then ok "--kind tick: tick and untick"; else
	not_ok "--kind tick: tick and untick" "$(cat "$TEST_TMP/tick.txt")"; fi
# alice's imports: groups, content, and the built-in playbook her first command installed.
n=$($RUN log --kind import --by alice | wc -l)
if [ "$n" -eq 3 ]; then ok "--kind and --by combine"; else not_ok "--kind and --by combine" "$n lines"; fi
n=$($RUN log --since 2000-01-01 | wc -l)
m=$($RUN log --since 2999-01-01 | wc -l)
if [ "$n" -ge 8 ] && [ "$m" -eq 0 ]; then ok "--since filters by date"; else not_ok "--since filters by date" "$n / $m"; fi
n=$($RUN log --limit 2 | wc -l)
if [ "$n" -eq 2 ]; then ok "--limit 2"; else not_ok "--limit 2" "$n lines"; fi
$RUN log --by carol --json >"$TEST_TMP/carol.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert [e["kind"] for e in d] == ["schedule", "untick"], d
assert all(e["operator"] == "carol" and e["at"] and e["id"] for e in d)
' "$TEST_TMP/carol.json"; then ok "--json with a filter"; else not_ok "--json with a filter" "$(cat "$TEST_TMP/carol.json")"; fi
expect_status "--since rejects a bad date" 2 $RUN log --since 2026-02-30
contains "the usage error names the option" "$TEST_TMP/last.err" "--since needs a date"

# Sharing: default 0600 in a 0700 directory, whatever the umask.
umask 002
$SOPDECK --db "$TEST_TMP/private/a/x.db" init >/dev/null
mode=$(stat -c %a "$TEST_TMP/private/a/x.db") dmode=$(stat -c %a "$TEST_TMP/private/a")
if [ "$mode" = 600 ] && [ "$dmode" = 700 ]; then ok "default: database 0600, directory 0700"; else
	not_ok "default: database 0600, directory 0700" "$mode $dmode"; fi
# Shared: 0660 in a setgid 2770 directory, even with umask 077.
umask 077
SOPDECK_SHARED=1 $SOPDECK --db "$TEST_TMP/team/x.db" init >/dev/null
mode=$(stat -c %a "$TEST_TMP/team/x.db") dmode=$(stat -c %a "$TEST_TMP/team")
if [ "$mode" = 660 ] && [ "$dmode" = 2770 ]; then ok "SOPDECK_SHARED=1: database 0660, directory 2770"; else
	not_ok "SOPDECK_SHARED=1: database 0660, directory 2770" "$mode $dmode"; fi
$SOPDECK --db "$TEST_TMP/team2/x.db" init --shared >/dev/null
mode=$(stat -c %a "$TEST_TMP/team2/x.db")
if [ "$mode" = 660 ]; then ok "init --shared: 0660"; else not_ok "init --shared: 0660" "$mode"; fi
# The -wal and -shm files follow the database's mode (SQLite copies it).
python3 - "$TEST_TMP/team/x.db" >"$TEST_TMP/wal.txt" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO audit (at, operator, kind, detail) VALUES ('x', 'py', 'test', 'wal')")
c.commit()
print(oct(os.stat(sys.argv[1] + "-wal").st_mode & 0o777), oct(os.stat(sys.argv[1] + "-shm").st_mode & 0o777))
c.close()
PY
contains "-wal and -shm get 0660 like the database" "$TEST_TMP/wal.txt" "0o660 0o660"
# An existing database keeps its mode: opening it does not narrow or widen it.
SOPDECK_SHARED= $SOPDECK --db "$TEST_TMP/team/x.db" log >/dev/null
mode=$(stat -c %a "$TEST_TMP/team/x.db")
if [ "$mode" = 660 ]; then ok "an existing shared database stays 0660"; else
	not_ok "an existing shared database stays 0660" "$mode"; fi
umask 022
