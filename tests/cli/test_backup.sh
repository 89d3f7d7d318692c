#!/bin/sh
# Backup and checks (issue 13): `sopdeck backup` while another process keeps writing
# (consistent, writers never wait long), `restore` (refuses damaged, foreign and
# newer files with nothing changed; keeps the replaced database), `check`, and the
# audit log's hash chain: `log --verify` after rows are edited or deleted with
# python3's sqlite3 module, and migration 8 chaining an older workspace's log.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/team.db
RUN="$SOPDECK --db $DB --today 2026-03-04 --operator 小王"
check "import groups" $RUN import groups "$FIXTURES/groups.yaml"
check "tick" $RUN tick 1:morning
check "a healthy workspace passes check" $RUN check
contains "check says what it checked" "$TEST_TMP/last.out" "integrity ok, foreign keys ok, schema version"
check "log --verify on an untouched log" $RUN log --verify
contains "log --verify reports OK with the count" "$TEST_TMP/last.out" "audit log OK: 3 entries"

# ---- the account beside the display name ----
$RUN log --json >"$TEST_TMP/log.json"
me=$(id -un)
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert all(e["account"] == sys.argv[2] for e in d), d
assert d[0]["operator"] == "小王" and d[0]["kind"] == "tick", d
' "$TEST_TMP/log.json" "$me"; then ok "every entry records the Unix account beside --operator"; else
	not_ok "every entry records the Unix account beside --operator" "$(cat "$TEST_TMP/log.json")"; fi
$RUN log >"$TEST_TMP/log.txt"
contains "log text shows the account" "$TEST_TMP/log.txt" "  $me"

# ---- backup while another process writes ----
python3 - "$DB" "$TEST_TMP/writer.txt" "$TEST_TMP/writer.go" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=30, isolation_level=None)
c.execute("CREATE TABLE IF NOT EXISTS py_load (n INTEGER, pad TEXT)")
open(sys.argv[3], "w").close()
worst, n, end = 0.0, 0, time.time() + 4
while time.time() < end:
    t = time.time()
    c.execute("BEGIN IMMEDIATE")
    c.execute("INSERT INTO py_load VALUES (?, ?)", (n, "填充" * 2000))
    c.execute("COMMIT")
    worst = max(worst, time.time() - t)
    n += 1
open(sys.argv[2], "w").write("%d %.3f\n" % (n, worst))
PY
writer=$!
while [ ! -f "$TEST_TMP/writer.go" ]; do sleep 0.05; done
# A larger database, so that the backup takes many steps.
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
c.execute("CREATE TABLE IF NOT EXISTS py_big (pad TEXT)")
c.executemany("INSERT INTO py_big VALUES (?)", [("大" * 3000,)] * 3000)
c.commit()
' "$DB"
check "backup while another process writes" $RUN backup "$TEST_TMP/b1.db"
contains "backup reports the integrity check" "$TEST_TMP/last.out" "integrity ok"
wait $writer
read -r writes worst <"$TEST_TMP/writer.txt"
if python3 -c "import sys; sys.exit(0 if $writes > 20 and $worst < 2.0 else 1)"; then
	ok "the writer kept committing during the backup ($writes commits, longest wait ${worst}s)"; else
	not_ok "the writer kept committing during the backup" "$writes commits, longest wait ${worst}s"; fi
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
assert c.execute("pragma journal_mode").fetchone()[0] == "delete"
assert c.execute("select count(*) from py_big").fetchone()[0] == 3000
print(c.execute("select count(*) from tick").fetchone()[0])
' "$TEST_TMP/b1.db" >"$TEST_TMP/b1.txt" 2>&1
contains "the backup is a whole, consistent, self-contained file" "$TEST_TMP/b1.txt" "1"
mode=$(stat -c %a "$TEST_TMP/b1.db")
if [ "$mode" = 600 ]; then ok "backup file mode 0600"; else not_ok "backup file mode 0600" "$mode"; fi
check "the backup passes check" $SOPDECK --db "$TEST_TMP/b1.db" check

# ---- restore ----
check "untick after the backup" $RUN untick 1:morning
check "tick another item after the backup" $RUN tick 2:morning
sum_before=$(cat "$DB" "$DB-wal" 2>/dev/null | md5sum)
printf 'not a database at all, 不是数据库\n' >"$TEST_TMP/junk.db"
expect_status "restore refuses a file that is not SQLite" 1 $RUN restore "$TEST_TMP/junk.db"
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE notes (x)"); c.execute("pragma user_version = 3"); c.commit()
' "$TEST_TMP/foreign.db"
expect_status "restore refuses another program's SQLite file" 1 $RUN restore "$TEST_TMP/foreign.db"
contains "it says it is not a sopdeck workspace" "$TEST_TMP/last.err" "not a sopdeck workspace"
cp "$TEST_TMP/b1.db" "$TEST_TMP/newer.db"
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("pragma user_version = 999"); c.commit()' "$TEST_TMP/newer.db"
expect_status "restore refuses a newer schema" 1 $RUN restore "$TEST_TMP/newer.db"
contains "it names the schema version" "$TEST_TMP/last.err" "schema version 999 is newer"
cp "$TEST_TMP/b1.db" "$TEST_TMP/torn.db"
python3 -c '
import sys
p = sys.argv[1]; d = bytearray(open(p, "rb").read())
for i in range(4096 * 3, 4096 * 6): d[i] = 0xA5
open(p, "wb").write(d)
' "$TEST_TMP/torn.db"
expect_status "restore refuses a damaged backup" 1 $RUN restore "$TEST_TMP/torn.db"
sum_after=$(cat "$DB" "$DB-wal" 2>/dev/null | md5sum)
if [ "$sum_before" = "$sum_after" ] && [ -z "$(ls "$TEST_TMP" | grep before-restore)" ]; then
	ok "refused restores change nothing and keep no copy"; else not_ok "refused restores change nothing and keep no copy"; fi

check "restore the backup" $RUN restore "$TEST_TMP/b1.db"
kept=$(ls "$TEST_TMP" | grep '^team\.db\.before-restore-[0-9]\{8\}T[0-9]\{6\}$')
if [ -n "$kept" ]; then ok "the replaced database is kept as DB.before-restore-STAMP"; else
	not_ok "the replaced database is kept as DB.before-restore-STAMP" "$(ls "$TEST_TMP")"; fi
contains "restore says where the old database is" "$TEST_TMP/last.out" "$kept"
$RUN today --json >"$TEST_TMP/today.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = {a["id"]: a["ticked"] for g in d["groups"] for a in g["actions"]}
assert t["1:morning"] is True and t["2:morning"] is False, t
' "$TEST_TMP/today.json"; then ok "the restored workspace is the backup's"; else
	not_ok "the restored workspace is the backup's" "$(head -c 300 "$TEST_TMP/today.json")"; fi
$SOPDECK --db "$TEST_TMP/$kept" today --json >"$TEST_TMP/kept.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
t = {a["id"]: a["ticked"] for g in d["groups"] for a in g["actions"]}
assert t["1:morning"] is False and t["2:morning"] is True, t
' "$TEST_TMP/kept.json"; then ok "the kept database has the changes made after the backup"; else
	not_ok "the kept database has the changes made after the backup"; fi
$RUN log --kind restore >"$TEST_TMP/restore.log"
contains "the restore is in the audit log" "$TEST_TMP/restore.log" "restore          from $TEST_TMP/b1.db"
check "after the restore, check passes" $RUN check
check "after the restore, the chain verifies" $RUN log --verify
# Restoring while another connection holds the database open: it sees the new data.
python3 - "$DB" "$SOPDECK" "$TEST_TMP/b1.db" <<'PY' >"$TEST_TMP/live.txt" 2>&1
import sqlite3, subprocess, sys
c = sqlite3.connect(sys.argv[1])
before = c.execute("select count(*) from tick").fetchone()[0]
subprocess.run([sys.argv[2], "--db", sys.argv[1], "--today", "2026-03-04", "tick", "2:knowledge"], check=True, capture_output=True)
r = subprocess.run([sys.argv[2], "--db", sys.argv[1], "restore", sys.argv[3]], capture_output=True, text=True)
after = c.execute("select count(*) from tick").fetchone()[0]
print(r.returncode, before, after, c.execute("pragma integrity_check").fetchone()[0])
PY
contains "an open connection sees the restored data, intact" "$TEST_TMP/live.txt" "0 1 1 ok"

# ---- the chain stays whole with several writers at once ----
n0=$($RUN log --limit 100000 | wc -l)
for item in 1:knowledge 2:knowledge 1:afternoon 2:afternoon; do
	(for k in 1 2 3 4 5 6; do
		$RUN --operator "运营$item" tick "$item" >/dev/null
		$RUN --operator "运营$item" untick "$item" >/dev/null
	done) &
done
wait
n1=$($RUN log --limit 100000 | wc -l)
if [ $((n1 - n0)) -eq 48 ]; then ok "four concurrent writers: 48 entries"; else
	not_ok "four concurrent writers: 48 entries" "$n0 -> $n1"; fi
check "four concurrent writers: the chain verifies" $RUN log --verify

# tampered NAME SQL: $DB copied to $TEST_TMP/NAME.db and SQL run on the copy behind
# sopdeck's back (the sqlite3 module, foreign keys off).
tampered() {
	cp "$DB" "$TEST_TMP/$1.db"
	python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA foreign_keys = OFF")
c.executescript(sys.argv[2])
c.commit()' "$TEST_TMP/$1.db" "$2"
}

# ---- the hash chain: edits and deletions made with the sqlite3 module ----
tampered edit "UPDATE audit SET operator = '老板' WHERE id = 2"
expect_status "log --verify fails after an edit" 1 $SOPDECK --db "$TEST_TMP/edit.db" log --verify
contains "it names the edited entry" "$TEST_TMP/last.err" "entry #2 does not match its hash: it was edited"
expect_status "check fails after an edit" 1 $SOPDECK --db "$TEST_TMP/edit.db" check
contains "check says it is the audit log" "$TEST_TMP/last.err" "audit log: entry #2"
tampered delete "DELETE FROM audit WHERE id = 2"
expect_status "log --verify fails after a deletion" 1 $SOPDECK --db "$TEST_TMP/delete.db" log --verify
contains "it names the entry whose predecessor is missing" "$TEST_TMP/last.err" "entry #3: its predecessor is missing"
tampered tail "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)"
expect_status "log --verify fails after the newest entry is deleted" 1 $SOPDECK --db "$TEST_TMP/tail.db" log --verify
contains "it says entries at the end were deleted" "$TEST_TMP/last.err" "entries at the end were deleted"

# ---- check: a foreign key broken behind sopdeck's back ----
tampered fk "INSERT INTO tick (group_id, action_id, day, operator, ticked_at)
	VALUES (999, 'morning', '2026-03-04', 'x', 'x')"
expect_status "check fails on a broken foreign key" 1 $SOPDECK --db "$TEST_TMP/fk.db" check
contains "check names the table" "$TEST_TMP/last.err" "foreign key: tick row"

# ---- migration 8 chains the log of a workspace made before it ----
python3 - "$ASSETS/migrations" "$TEST_TMP/v6.db" <<'PY'
import glob, sqlite3, sys
c = sqlite3.connect(sys.argv[2])
c.create_function("sopdeck_fold", 1, lambda s: s)
for m in sorted(glob.glob(sys.argv[1] + "/00[1-6]-*.sql")):
    c.executescript(open(m, encoding="utf-8").read())
c.execute("pragma user_version = 6")
for i in range(5):
    c.execute("INSERT INTO audit (at, operator, kind, detail) VALUES (?, ?, ?, ?)",
              ("2026-03-0%d 08:00:00" % (i + 1), "老运营", "tick", "%d:morning" % i))
c.commit()
PY
check "an older workspace's log verifies after the upgrade" $SOPDECK --db "$TEST_TMP/v6.db" log --verify
contains "its entries were chained (5 old, 1 playbook)" "$TEST_TMP/last.out" "audit log OK: 6 entries"
python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE audit SET detail = ? WHERE id = 3", ("改过",))
c.commit()
' "$TEST_TMP/v6.db"
expect_status "and an edit of an old entry is caught" 1 $SOPDECK --db "$TEST_TMP/v6.db" log --verify
contains "at that entry" "$TEST_TMP/last.err" "entry #3 does not match"

expect_status "backup without a file is a usage error" 2 $RUN backup
expect_status "check takes no arguments" 2 $RUN check extra
