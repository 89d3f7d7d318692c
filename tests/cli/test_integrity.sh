#!/bin/sh
# Nothing lost, nothing taken for ours (issue 13): foreign SQLite files and newer
# schemas refused before anything changes, the application_id mark, a read-only
# directory said plainly, CSV encodings decided on the whole file, bounded dates,
# bounded YAML, bounded counters, and one rule for empty imports.
. "$(dirname "$0")/../lib.sh"

MIG=$(cd "$(dirname "$0")/../../assets/migrations" && pwd)
# same NAME A B: the two files are byte for byte equal.
same() {
	if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$2 and $3 differ"; fi
}
# as_other CMD...: run as an unprivileged user when we are root (root writes anywhere).
as_other() {
	if [ "$(id -u)" -eq 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else "$@"; fi
}

# ---- the workspace mark: PRAGMA application_id ----
DB=$TEST_TMP/ws.db
check "init a workspace" "$SOPDECK" --db "$DB" init
got=$(sqlite3 "$DB" "PRAGMA application_id")
if [ "$got" = 1397706820 ]; then ok "a new workspace has application_id 'SOPD'"; else
	not_ok "a new workspace has application_id 'SOPD'" "$got"; fi

# Another program's database (user_version 0, its own tables): refused, untouched.
F=$TEST_TMP/foreign.db
sqlite3 "$F" "CREATE TABLE orders (id INTEGER PRIMARY KEY, 客户 TEXT); INSERT INTO orders VALUES (1, '张三')"
cp "$F" "$TEST_TMP/foreign.orig"
expect_status "a foreign SQLite file is refused" 1 "$SOPDECK" --db "$F" today
contains "foreign file: says it is not a workspace" "$TEST_TMP/last.err" "not a sopdeck workspace"
same "foreign file: byte for byte unchanged (journal mode too)" "$F" "$TEST_TMP/foreign.orig"
if [ -e "$F-wal" ]; then not_ok "foreign file: no -wal made"; else ok "foreign file: no -wal made"; fi
expect_status "a foreign file is refused by import too" 1 "$SOPDECK" --db "$F" import groups "$FIXTURES/groups.yaml"
same "foreign file: still unchanged after import" "$F" "$TEST_TMP/foreign.orig"

# Another program's application_id: refused even with no tables.
A=$TEST_TMP/other-app.db
sqlite3 "$A" "PRAGMA application_id = 1234"
cp "$A" "$TEST_TMP/other-app.orig"
expect_status "another application_id is refused" 1 "$SOPDECK" --db "$A" today
contains "another application_id: named" "$TEST_TMP/last.err" "application_id"
same "another application_id: unchanged" "$A" "$TEST_TMP/other-app.orig"

# Not SQLite at all.
printf '群名,平台\n' >"$TEST_TMP/text.db"
cp "$TEST_TMP/text.db" "$TEST_TMP/text.orig"
expect_status "a text file as --db is refused" 1 "$SOPDECK" --db "$TEST_TMP/text.db" today
same "text file: unchanged" "$TEST_TMP/text.db" "$TEST_TMP/text.orig"

# A newer schema: refused before the journal mode (or anything) changes.
N=$TEST_TMP/newer.db
cp "$DB" "$N"
sqlite3 "$N" "PRAGMA journal_mode = DELETE; PRAGMA user_version = 999" >/dev/null
cp "$N" "$TEST_TMP/newer.orig"
expect_status "a newer schema is refused" 1 "$SOPDECK" --db "$N" today
contains "newer schema: says so" "$TEST_TMP/last.err" "newer than this sopdeck"
same "newer schema: byte for byte unchanged" "$N" "$TEST_TMP/newer.orig"
got=$(sqlite3 "$N" "PRAGMA journal_mode")
if [ "$got" = delete ]; then ok "newer schema: journal mode left alone"; else
	not_ok "newer schema: journal mode left alone" "$got"; fi

# A workspace of an older sopdeck (no application_id, user_version 3): opens, is
# migrated and gets the mark; its data is kept.
O=$TEST_TMP/old.db
cat "$MIG/001-foundation.sql" "$MIG/002-content.sql" "$MIG/003-kpi.sql" | sqlite3 "$O"
sqlite3 "$O" "PRAGMA user_version = 3; INSERT INTO chat_group (name, platform, type, created) VALUES ('老社群', 'wecom', 'promotion', '2026-01-05')"
check "an older workspace (application_id 0, user_version 3) opens" "$SOPDECK" --db "$O" today --json
contains "older workspace: its group is there" "$TEST_TMP/last.out" "老社群"
got=$(sqlite3 "$O" "PRAGMA application_id; PRAGMA user_version" | tr '\n' ' ')
# The highest migration (numbers go to parallel branches: one may not be here yet).
want="1397706820 $(ls "$MIG" | sed -n 's/^0*\([0-9][0-9]*\)-.*/\1/p' | sort -n | tail -1) "
if [ "$got" = "$want" ]; then ok "older workspace: marked and migrated"; else
	not_ok "older workspace: marked and migrated" "got '$got' want '$want'"; fi
# The same with the current schema but no mark (a workspace made before the mark).
U=$TEST_TMP/unmarked.db
cp "$DB" "$U"
sqlite3 "$U" "PRAGMA application_id = 0"
check "an unmarked current workspace opens" "$SOPDECK" --db "$U" today
got=$(sqlite3 "$U" "PRAGMA application_id")
if [ "$got" = 1397706820 ]; then ok "unmarked workspace gets the mark"; else
	not_ok "unmarked workspace gets the mark" "$got"; fi
# user_version set but none of our tables: not ours.
W=$TEST_TMP/weird.db
sqlite3 "$W" "CREATE TABLE t (x); PRAGMA user_version = 2"
cp "$W" "$TEST_TMP/weird.orig"
expect_status "user_version without sopdeck tables is refused" 1 "$SOPDECK" --db "$W" today
same "user_version without our tables: unchanged" "$W" "$TEST_TMP/weird.orig"

# ---- a read-only directory: said plainly ----
# The other user must reach it: a folder of its own under /tmp, not inside TEST_TMP
# (a checkout in a mktemp -d folder, mode 700, would hide it and the binary), with a
# copy of the binary and no config of ours.
R=$(mktemp -d "${TMPDIR:-/tmp}/sopdeck-ro.XXXXXX")
chmod 777 "$R"
cp "$SOPDECK" "$R/sopdeck"
as_other env XDG_CONFIG_HOME="$R/config" "$R/sopdeck" --db "$R/ws.db" init >/dev/null 2>&1
sqlite3 "$R/ws.db" "PRAGMA journal_mode = DELETE" >/dev/null
chmod 555 "$R"
as_other env XDG_CONFIG_HOME="$R/config" "$R/sopdeck" --db "$R/ws.db" today >"$TEST_TMP/ro.out" \
	2>"$TEST_TMP/ro.err"
rc=$?
chmod 755 "$R"
rm -rf "$R"
if [ "$rc" -eq 1 ]; then ok "read-only directory: today fails"; else
	not_ok "read-only directory: today fails" "rc=$rc"; fi
contains "read-only directory: says the directory is not writable" "$TEST_TMP/ro.err" "directory is not writable"
contains "read-only directory: names the -wal file" "$TEST_TMP/ro.err" "-wal"
lacks "read-only directory: not SQLite's readonly message" "$TEST_TMP/ro.err" "attempt to write a readonly database"

# ---- dates: 1900-01-01 .. 9999-12-31, never a year 0000 ----
D=$TEST_TMP/dates.db
check "dates: import groups" "$SOPDECK" --db "$D" import groups "$FIXTURES/groups.yaml"
sqlite3 "$D" .dump >"$TEST_TMP/dates.before"
expect_status "--copy-week 9999-W52 (ends in year 10000) is refused" 2 "$SOPDECK" --db "$D" --today 9998-12-20 schedule --copy-week 9999-W52
contains "--copy-week 9999-W52: says the range" "$TEST_TMP/last.err" "9999-12-31"
sqlite3 "$D" .dump >"$TEST_TMP/dates.after"
same "--copy-week 9999-W52: nothing stored" "$TEST_TMP/dates.before" "$TEST_TMP/dates.after"
got=$(sqlite3 "$D" "SELECT count(*) FROM slot WHERE day < '1900' OR day LIKE '0000%'")
if [ "$got" = 0 ]; then ok "no slot of year 0000"; else not_ok "no slot of year 0000" "$got"; fi
expect_status "--today 9999-12-31 (no room for its week) is refused" 2 "$SOPDECK" --db "$D" --today 9999-12-31 today
contains "--today too late: names the value" "$TEST_TMP/last.err" "9999-12-31"
expect_status "--today before 1900 is refused" 2 "$SOPDECK" --db "$D" --today 1899-12-31 today
expect_status "schedule --date 10000-01-01 is refused" 2 "$SOPDECK" --db "$D" schedule --group 宝妈育儿交流群 --date 10000-01-01 --slot 20:00 --topic 育儿讲座
expect_status "calendar --week 9999-W52 is refused" 2 "$SOPDECK" --db "$D" calendar --week 9999-W52
check "calendar at the last plannable today" "$SOPDECK" --db "$D" --today 9998-12-31 calendar
lacks "no 0000 in the calendar near the end of the range" "$TEST_TMP/last.out" "0000-"
check "calendar --month 9999-12" "$SOPDECK" --db "$D" --today 9998-12-31 calendar --month 9999-12
lacks "no 0000 in the last month" "$TEST_TMP/last.out" "0000-"
printf 'name,platform,type,created\n未来群,wecom,promotion,10000-01-01\n' >"$TEST_TMP/future-group.csv"
expect_status "a group created in year 10000 is refused" 1 "$SOPDECK" --db "$D" import groups "$TEST_TMP/future-group.csv"
contains "year 10000: the line is named" "$TEST_TMP/last.err" "future-group.csv:2"

# ---- CSV encodings: decided on the whole file, said, never stored broken ----
C=$TEST_TMP/csv.db
"$SOPDECK" --db "$C" init >/dev/null
python3 - "$TEST_TMP" <<'PY'
import sys
d = sys.argv[1]
head = "name,platform,type,created\n"
ascii_rows = "".join("group%05d,wecom,promotion,2026-01-05\n" % i for i in range(1900))
assert len(ascii_rows) > 70000
open(d + "/late-gbk.csv", "wb").write((head + ascii_rows).encode() + "宝妈育儿交流群,企业微信,精细化运营型,2026-02-01\n".encode("gbk"))
utf8 = head + "宝妈育儿交流群,wecom,promotion,2026-01-05\n职场穿搭研究所,wechat,service,2026-01-06\n"
open(d + "/stray.csv", "wb").write(utf8.encode() + "早安".encode() + b"\xa0" + "打卡群,wecom,promotion,2026-01-07\n".encode())
open(d + "/nul.csv", "wb").write(utf8.encode() + b"abc\x00def,wecom,promotion,2026-01-07\n")
open(d + "/utf16.csv", "wb").write(("name,platform,type,created\r\n读书会,wecom,promotion,2026-01-08\r\n").encode("utf-16-le"))
open(d + "/cr.csv", "wb").write("name,platform,type,created\r亲子阅读群,wecom,promotion,2026-01-09\r户外徒步群,wechat,service,2026-01-10\r".encode())
gbk = head + "宝妈成长营,企业微信,群发推广型,2026-01-11\n"
open(d + "/gbk.csv", "wb").write(gbk.encode("gbk"))
bad = head.encode() + "宝妈成长营A,wecom,promotion,2026-01-11\n".encode("gbk") * 4 + b"\xff\xfe,wecom,promotion,2026-01-11\n"
open(d + "/bad-gbk.csv", "wb").write(bad)
PY
check "70 KB of ASCII then a GBK row imports" "$SOPDECK" --db "$C" import groups "$TEST_TMP/late-gbk.csv"
got=$(sqlite3 "$C" "SELECT count(*) FROM chat_group WHERE name = '宝妈育儿交流群'")
if [ "$got" = 1 ]; then ok "late GBK row decoded as GB18030"; else not_ok "late GBK row decoded as GB18030" "$got"; fi
"$SOPDECK" --db "$C" import groups "$TEST_TMP/gbk.csv" >/dev/null 2>"$TEST_TMP/gbk.err"
contains "a GBK import says which encoding was used" "$TEST_TMP/gbk.err" "read as GB18030"
"$SOPDECK" --lang zh --db "$C" import groups "$TEST_TMP/gbk.csv" >/dev/null 2>"$TEST_TMP/gbk-zh.err"
contains "...in Chinese mode, in Chinese" "$TEST_TMP/gbk-zh.err" "不是 UTF-8，按 GB18030 读取"
if grep -q "not UTF-8\|to say" "$TEST_TMP/gbk-zh.err"; then not_ok "...with no English words" "$(cat "$TEST_TMP/gbk-zh.err")"; else ok "...with no English words"; fi
"$SOPDECK" --lang zh --db "$C" import groups --encoding gbk "$TEST_TMP/gbk.csv" >/dev/null 2>"$TEST_TMP/gbk-zh.err"
contains "...and named with --encoding" "$TEST_TMP/gbk-zh.err" "按 GB18030 读取（--encoding）"
sqlite3 "$C" .dump >"$TEST_TMP/csv.before"
expect_status "a stray 0xA0 in a UTF-8 file is refused" 1 "$SOPDECK" --db "$C" import groups "$TEST_TMP/stray.csv"
contains "stray byte: names the line" "$TEST_TMP/last.err" "stray.csv:4:"
contains "stray byte: names the byte" "$TEST_TMP/last.err" "0xA0"
expect_status "a NUL byte is refused" 1 "$SOPDECK" --db "$C" import groups "$TEST_TMP/nul.csv"
contains "NUL byte: names the line" "$TEST_TMP/last.err" "nul.csv:4:"
expect_status "a bad GB18030 byte is refused" 1 "$SOPDECK" --db "$C" import groups "$TEST_TMP/bad-gbk.csv"
contains "bad GB18030: names its line, not line 1" "$TEST_TMP/last.err" "bad-gbk.csv:6:"
sqlite3 "$C" .dump >"$TEST_TMP/csv.after"
same "refused CSV imports change nothing" "$TEST_TMP/csv.before" "$TEST_TMP/csv.after"
check "UTF-16 without a BOM is read" "$SOPDECK" --db "$C" import groups "$TEST_TMP/utf16.csv"
got=$(sqlite3 "$C" "SELECT count(*) FROM chat_group WHERE name = '读书会'")
if [ "$got" = 1 ]; then ok "UTF-16 group name stored right"; else not_ok "UTF-16 group name stored right" "$got"; fi
check "CR-only line ends are read" "$SOPDECK" --db "$C" import groups "$TEST_TMP/cr.csv"
got=$(sqlite3 "$C" "SELECT count(*) FROM chat_group WHERE name IN ('亲子阅读群', '户外徒步群')")
if [ "$got" = 2 ]; then ok "CR-only: both rows"; else not_ok "CR-only: both rows" "$got"; fi
printf 'name,platform,type,created\n%s,wecom,promotion,2026-01-12\n' "$(printf '宝妈二群' | iconv -f UTF-8 -t GBK)" >"$TEST_TMP/gbk2.csv"
check "--encoding gbk reads a GBK file" "$SOPDECK" --db "$C" import groups --encoding gbk "$TEST_TMP/gbk2.csv"
contains "--encoding: the note says so" "$TEST_TMP/last.out" "(--encoding)"
expect_status "--encoding utf-8 on a GBK file is refused" 1 "$SOPDECK" --db "$C" import groups "$TEST_TMP/gbk.csv" --encoding utf-8
contains "--encoding utf-8 on GBK: names the line" "$TEST_TMP/last.err" "gbk.csv:2:"
expect_status "--encoding latin1 is a usage error" 2 "$SOPDECK" --db "$C" import groups --encoding latin1 "$TEST_TMP/gbk.csv"
expect_status "--encoding on YAML is a usage error" 2 "$SOPDECK" --db "$C" import groups --encoding gbk "$FIXTURES/groups.yaml"
got=$(sqlite3 "$C" "SELECT name FROM chat_group" | python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8"); print("valid")' 2>&1)
if [ "$got" = valid ]; then ok "every stored group name is valid UTF-8"; else not_ok "every stored group name is valid UTF-8" "$got"; fi

# ---- YAML imports: bounded like the playbook's, parsed before the write lock ----
Y=$TEST_TMP/yaml.db
"$SOPDECK" --db "$Y" init >/dev/null
python3 -c "
import sys
open(sys.argv[1], 'w').write('[' * 1000000 + ']' * 1000000 + '\n')
open(sys.argv[2], 'w').write('- title: 早安\n  tags: &t [育儿, 干货]\n- title: 晚安\n  tags: *t\n')
" "$TEST_TMP/deep.yaml" "$TEST_TMP/alias.yaml"
for kind in groups content; do
	# timeout: a parser that walked the whole nesting would hang here, not pass.
	expect_status "2 MB nested YAML ($kind): refused" 1 timeout 60 "$SOPDECK" --db "$Y" import $kind "$TEST_TMP/deep.yaml"
	contains "nested YAML ($kind): says where and why" "$TEST_TMP/last.err" "deep.yaml:1:33: YAML nested too deeply"
done
expect_status "YAML aliases in content are refused" 1 "$SOPDECK" --db "$Y" import content "$TEST_TMP/alias.yaml"
contains "aliases: named with the line" "$TEST_TMP/last.err" "alias.yaml:4:"
# Parsing comes before BEGIN IMMEDIATE: with another writer holding the lock, a broken
# file is refused at once for what it is, not after the busy wait as "busy".
printf -- '- title: 早安\n  body: "never closed\n' >"$TEST_TMP/broken.yaml"
mkfifo "$TEST_TMP/hold"
(sqlite3 "$Y" <"$TEST_TMP/hold" >/dev/null 2>&1 &)
exec 9>"$TEST_TMP/hold"
echo "BEGIN IMMEDIATE; INSERT INTO audit (at, operator, kind, detail) VALUES ('x', 'x', 'x', 'x');" >&9
i=0
while sqlite3 "$Y" "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1 && [ $i -lt 100 ]; do
	sleep 0.05; i=$((i + 1)); done
for kind in content groups; do
	expect_status "a broken $kind YAML while another holds the lock: refused" 1 "$SOPDECK" --db "$Y" import $kind "$TEST_TMP/broken.yaml"
	# After the busy wait the error would say "busy"; the parse error means it never waited.
	if ! grep -q busy "$TEST_TMP/last.err" && grep -q 'broken.yaml:' "$TEST_TMP/last.err"; then
		ok "broken $kind YAML: parse error, not busy"; else
		not_ok "broken $kind YAML: parse error, not busy" "$(cat "$TEST_TMP/last.err")"; fi
done
echo "ROLLBACK;" >&9
exec 9>&-

# ---- one rule for empty imports: "FILE: no rows", status 1 ----
: >"$TEST_TMP/empty.yaml"
: >"$TEST_TMP/empty.csv"
printf '# 还没有内容\n' >"$TEST_TMP/comment.yaml"
printf '[]\n' >"$TEST_TMP/list.yaml"
printf 'name,platform,type,created\n' >"$TEST_TMP/header-groups.csv"
printf 'title,category,date\n' >"$TEST_TMP/header-content.csv"
printf '日期,群名,群成员数\n' >"$TEST_TMP/header-kpi.csv"
for kind in groups content; do
	for f in empty.yaml comment.yaml list.yaml empty.csv header-$kind.csv; do
		expect_status "empty import: $kind $f is an error" 1 "$SOPDECK" --db "$Y" import $kind "$TEST_TMP/$f"
		contains "empty import: $kind $f says no rows" "$TEST_TMP/last.err" "$f: no rows"
	done
done
for f in empty.csv header-kpi.csv; do
	expect_status "empty import: kpi $f is an error" 1 "$SOPDECK" --db "$Y" import kpi "$TEST_TMP/$f"
	contains "empty import: kpi $f says no rows" "$TEST_TMP/last.err" "$f: no rows"
done

# ---- export content --format yaml with invalid UTF-8 stored: no endless loop ----
E=$TEST_TMP/export.db
"$SOPDECK" --db "$E" import content "$FIXTURES/content.yaml" >/dev/null
# (source and style: columns outside the search index, whose tokenizer the shell lacks)
sqlite3 "$E" "UPDATE content SET source = CAST(X'E697A9E5AE89A0E7BEA4' AS TEXT), style = CAST(X'C3284142' AS TEXT) WHERE id = (SELECT min(id) FROM content)"
timeout 20 "$SOPDECK" --db "$E" export content --format yaml >"$TEST_TMP/export.yaml" 2>"$TEST_TMP/export.err"
rc=$?
if [ "$rc" -eq 0 ]; then ok "YAML export of invalid UTF-8 finishes"; else
	not_ok "YAML export of invalid UTF-8 finishes" "rc=$rc (124 = timed out)"; fi
got=$(python3 -c 'import sys, yaml' 2>/dev/null && python3 -c '
import sys, yaml
d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
print(d[0]["source"])' "$TEST_TMP/export.yaml" 2>&1 || python3 -c '
import sys; t = open(sys.argv[1], "rb").read().decode("utf-8"); print("早安\ufffd群" if "早安\ufffd群" in t else t[:80])' "$TEST_TMP/export.yaml" 2>&1)
if [ "$got" = "早安�群" ]; then ok "YAML export: valid UTF-8, the bad byte as U+FFFD"; else
	not_ok "YAML export: valid UTF-8, the bad byte as U+FFFD" "$got"; fi

# ---- KPI: bounded counters, no future days, JSON never inf or NaN ----
K=$TEST_TMP/kpi.db
"$SOPDECK" --db "$K" import groups "$FIXTURES/kpi-groups.csv" >/dev/null
"$SOPDECK" --db "$K" import content "$FIXTURES/content.yaml" >/dev/null
"$SOPDECK" --db "$K" schedule --group 宝妈育儿交流群 --date 2026-03-02 --slot 10:00 --content 2 --status posted >/dev/null
big=$(python3 -c "print('1' + '0' * 307)")
printf '日期,群名,推送触达数,打开数\n2026-03-01,宝妈育儿交流群,100,50\n2026-03-02,宝妈育儿交流群,1,%s\n' "$big" >"$TEST_TMP/kpi-big.csv"
sqlite3 "$K" .dump >"$TEST_TMP/kpi.before"
expect_status "a counter of 1e307 is refused" 1 "$SOPDECK" --db "$K" import kpi "$TEST_TMP/kpi-big.csv"
contains "huge counter: names the line and column" "$TEST_TMP/last.err" "kpi-big.csv:3: column '打开数'"
contains "huge counter: names the bound" "$TEST_TMP/last.err" "1000000000000"
printf '日期,群名,推送触达数,打开数\n2026-03-04,宝妈育儿交流群,100,50\n2026-03-05,宝妈育儿交流群,100,50\n' >"$TEST_TMP/kpi-future.csv"
expect_status "a KPI row for a day after --today is refused" 1 "$SOPDECK" --db "$K" --today 2026-03-04 import kpi "$TEST_TMP/kpi-future.csv"
contains "future day: names the line and the day" "$TEST_TMP/last.err" "kpi-future.csv:3: 2026-03-05 is in the future (today is 2026-03-04)"
sqlite3 "$K" .dump >"$TEST_TMP/kpi.after"
same "refused KPI imports change nothing" "$TEST_TMP/kpi.before" "$TEST_TMP/kpi.after"
check "the same file with --today a day later imports" "$SOPDECK" --db "$K" --today 2026-03-05 import kpi "$TEST_TMP/kpi-future.csv"
# Values put in behind sopdeck's back (the sqlite3 shell, an old version): JSON stays JSON.
sqlite3 "$K" "INSERT INTO kpi_day (group_id, day, counter, value, imported_at, source)
	SELECT id, '2026-03-02', 'delivered', 1, 'x', 'x' FROM chat_group WHERE name = '宝妈育儿交流群';
	INSERT INTO kpi_day (group_id, day, counter, value, imported_at, source)
	SELECT id, '2026-03-02', 'opens', 1e308, 'x', 'x' FROM chat_group WHERE name = '宝妈育儿交流群'"
strict_json() {
	python3 -c '
import json, sys
def bad(c): raise ValueError("non-finite number " + c)
json.loads(sys.stdin.read(), parse_constant=bad)' 
}
for cmd in "content --json" "kpi --json" "kpi --json --content" "kpi --json --versions"; do
	if "$SOPDECK" --db "$K" $cmd 2>&1 | strict_json >"$TEST_TMP/json.err" 2>&1; then
		ok "$cmd: strict JSON (no inf or NaN)"; else
		not_ok "$cmd: strict JSON (no inf or NaN)" "$(tail -1 "$TEST_TMP/json.err")"; fi
done

# ---- a full disk during an export: the path and the reason ----
for f in csv yaml; do
	"$SOPDECK" --db "$K" export content --format $f >/dev/full 2>"$TEST_TMP/full.err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -q "standard output: writing the export failed: no space left on the device" "$TEST_TMP/full.err"; then
		ok "export content --format $f to a full device: says where and why"; else
		not_ok "export content --format $f to a full device: says where and why" "rc=$rc" "$(cat "$TEST_TMP/full.err")"; fi
done
for k in calendar kpi; do
	"$SOPDECK" --db "$K" export $k >/dev/full 2>"$TEST_TMP/full.err"
	if grep -q "no space left on the device" "$TEST_TMP/full.err"; then ok "export $k to a full device: the reason"; else
		not_ok "export $k to a full device: the reason" "$(cat "$TEST_TMP/full.err")"; fi
done
# A full file system for -o FILE (a private 16 KiB tmpfs, where mounts are allowed).
mkdir -p "$TEST_TMP/full"
if unshare -m sh -c "mount -t tmpfs -o size=16k tmpfs '$TEST_TMP/full' && dd if=/dev/zero of='$TEST_TMP/full/fill' bs=1k count=64 2>/dev/null; '$SOPDECK' --db '$K' export content -o '$TEST_TMP/full/导出.csv' 2>'$TEST_TMP/full.err'; echo \$? >'$TEST_TMP/full.rc'" 2>/dev/null && [ -s "$TEST_TMP/full.rc" ]; then
	if [ "$(cat "$TEST_TMP/full.rc")" = 1 ] && grep -q "导出.csv: writing the export failed: no space left on the device" "$TEST_TMP/full.err"; then
		ok "export -o FILE on a full file system: the path and the reason"; else
		not_ok "export -o FILE on a full file system: the path and the reason" "$(cat "$TEST_TMP/full.err")"; fi
else
	ok "# SKIP export -o on a full file system (no private mounts here)"
fi
