#!/bin/sh
# Issue 13's security findings, each reproduced: escape sequences from playbook and
# group names in CLI text (sanitised) and JSON (\u001b), spreadsheet formulas in every
# CSV export (read back, guarded, round-tripped), `export -o` over a planted
# symlink, and `init --shared` that must not open ~/.local to the group.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/sec.db
RUN="$SOPDECK --db $DB --today 2026-03-04 --operator 小王"
python3 "$FIXTURES/hostile-playbook.py" "$ASSETS/playbook.yaml" "$TEST_TMP/playbook.yaml"
check "import the hostile playbook" $RUN import playbook "$TEST_TMP/playbook.yaml"
printf 'name,platform,type,created,owner\n"恶意\033]52;c;QQ==\007群",wecom,promotion,2026-02-20,小王\n"=cmd|'"'"' /C calc'"'"'!A0",wecom,promotion,2026-02-20,小李\n"-2+3 ""引号""\n换行群",wecom,promotion,2026-02-20,小张\n"@SUM(A1)\t制表群",wecom,promotion,2026-02-20,小赵\n' \
	>"$TEST_TMP/groups.csv"
check "import hostile group names" $RUN import groups "$TEST_TMP/groups.csv"

# ---- text output: no control byte reaches the terminal, the names show escaped ----
no_controls() { # NAME FILE
	if python3 - "$2" <<'PY'; then ok "$1"; else not_ok "$1" "$(od -c "$2" | grep -m3 '033\|007')"; fi
import sys
d = open(sys.argv[1], "rb").read()
sys.exit(1 if any(b < 0x20 and b not in (0x0a,) for b in d) or b"\xc2\x9b" in d else 0)
PY
}
$RUN today --today 2026-03-05 >"$TEST_TMP/today.txt"
no_controls "today: no control bytes" "$TEST_TMP/today.txt"
contains "today: the stage name (English) shows escaped" "$TEST_TMP/today.txt" "activation^[]52;c;SEFDS0VE^G^[[2J<U+009B>31m"
contains "today: the node name shows escaped" "$TEST_TMP/today.txt" "(女王节^[]52;c;SEFDS0VE^G^[[2J<U+009B>31m in 3 days)"
$RUN calendar >"$TEST_TMP/week.txt"
no_controls "calendar: no control bytes" "$TEST_TMP/week.txt"
contains "calendar: the category name shows escaped" "$TEST_TMP/week.txt" "促活型^[]52"
contains "calendar: the stage name shows escaped" "$TEST_TMP/week.txt" "activation^[]52"
$RUN calendar --month 2026-03 >"$TEST_TMP/month.txt"
no_controls "calendar --month: no control bytes" "$TEST_TMP/month.txt"
contains "calendar --month: the node shows escaped" "$TEST_TMP/month.txt" "[女王节^[]52"
contains "calendar --month: group names in the flags show escaped" "$TEST_TMP/month.txt" "恶意^[]52;c;QQ==^G群"
$RUN kpi >"$TEST_TMP/kpi.txt"
no_controls "kpi: no control bytes" "$TEST_TMP/kpi.txt"
contains "kpi: stage names show escaped" "$TEST_TMP/kpi.txt" "(monetisation^[]52"
$RUN export kpi --format md >"$TEST_TMP/kpi.md"
no_controls "export kpi --format md: no control bytes" "$TEST_TMP/kpi.md"
contains "export kpi md: the metric name shows escaped" "$TEST_TMP/kpi.md" "| speaker rate^[]52"
contains "export kpi md: the newline in a name does not break the row" "$TEST_TMP/kpi.md" '| -2+3 "引号" 换行群 | activation^[]52'
# And the Chinese names in Chinese mode.
$RUN --lang zh today --today 2026-03-05 >"$TEST_TMP/today-zh.txt"
no_controls "zh today: no control bytes" "$TEST_TMP/today-zh.txt"
contains "zh today: the stage name shows escaped" "$TEST_TMP/today-zh.txt" "激活期^[]52;c;SEFDS0VE^G^[[2J<U+009B>31m"
$RUN --lang zh export kpi --format md >"$TEST_TMP/kpi-zh.md"
no_controls "zh export kpi --format md: no control bytes" "$TEST_TMP/kpi-zh.md"
contains "zh export kpi md: the stage and metric names show escaped" "$TEST_TMP/kpi-zh.md" "| 激活期^[]52"
contains "zh export kpi md: the metric name shows escaped" "$TEST_TMP/kpi-zh.md" "| 用户发言率^[]52"

# ---- the one column printer: display columns, cut between characters ----
printf 'name,platform,type,created,owner\n一二三四五六七八九十甲乙丙丁戊己庚辛壬癸,wecom,promotion,2026-02-20,王小明同学的助理小李\n' \
	>"$TEST_TMP/long.csv"
check "import a long Chinese group name" $RUN import groups "$TEST_TMP/long.csv"
$RUN groups >"$TEST_TMP/groups.txt"
no_controls "groups: no control bytes" "$TEST_TMP/groups.txt"
if python3 - "$TEST_TMP/groups.txt" <<'PY'; then ok "groups: columns by display width, long names cut with … between characters"; else
import sys, unicodedata
lines = open(sys.argv[1], "rb").read().decode("utf-8").splitlines()
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)
def col_of(line, text):  # display column where text starts
    return width(line[:line.index(text)])
head = lines[0]
rows = [l for l in lines[1:] if l.strip()]
assert len(rows) >= 5, lines
# The playbook column starts at the same display column on every row and the header.
sop = col_of(head, "playbook")  # the header in English (lib.sh)
for r in rows:
    assert col_of(r, "私域") == sop, (r, sop)
long = [r for r in rows if r.split()[1].startswith("一二三")][0]
cell = long[long.index("一二三"):]
assert cell.startswith("一二三四五六七八九…"), cell   # 20 columns: 9 characters and the ellipsis
assert "王小明同… " in long, long   # 10 columns: 4 characters, the ellipsis, a pad
PY
	not_ok "groups: columns by display width, long names cut with … between characters" "$(cat "$TEST_TMP/groups.txt")"; fi

# ---- JSON: controls as \u001b, the data intact once decoded ----
check "an operator name with an escape sequence is logged" $RUN --operator "$(printf '坏\033[2J人')" tick 1:morning
for cmd in today calendar "calendar --month 2026-03" kpi log groups "report --week 2026-W10"; do
	$RUN $cmd --json >"$TEST_TMP/out.json"
	if python3 - "$TEST_TMP/out.json" <<'PY'; then ok "$cmd --json: valid, ESC as \\u001b"; else
import json, sys
raw = open(sys.argv[1], "rb").read()
assert not any(b < 0x20 and b != 0x0a for b in raw), "raw control byte"
assert b"\\u001b" in raw, "no \\u001b escape"
def strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for k, v in x.items():
            yield k
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)
assert any("\x1b" in s for s in strings(json.loads(raw)))
PY
		not_ok "$cmd --json: valid, ESC as \\u001b" "$(head -c 400 "$TEST_TMP/out.json")"; fi
done

# Invalid UTF-8 never makes invalid JSON: \ufffd in its place; C1 controls escaped too.
check "an operator name with invalid UTF-8 and a C1 control" $RUN --operator "$(printf '\377坏\302\233人')" untick 1:morning
$RUN log --json --limit 1 >"$TEST_TMP/bad-utf8.json"
if python3 - "$TEST_TMP/bad-utf8.json" <<'PY'; then ok "log --json: invalid UTF-8 as \\ufffd, C1 as \\u009b"; else
import json, sys
raw = open(sys.argv[1], "rb").read()
raw.decode("utf-8")
d = json.loads(raw)
assert d[0]["operator"] == "\ufffd坏\u009b人", d
assert b"\\ufffd" in raw and b"\\u009b" in raw, raw
PY
	not_ok "log --json: invalid UTF-8 as \\ufffd, C1 as \\u009b" "$(cat "$TEST_TMP/bad-utf8.json")"; fi

# The one JSON writer's other escapes: DEL, U+2028/2029, quote, backslash, every field.
printf 'name,platform,type,created,owner\n"删\177除\342\200\250行\342\200\251段 \\ ""引""",wecom,promotion,2026-02-20,"a\\b"\n' \
	>"$TEST_TMP/escapes.csv"
check "import a group name with DEL, line separators, quotes, backslash" $RUN import groups "$TEST_TMP/escapes.csv"
$RUN groups --json >"$TEST_TMP/escapes.json"
if python3 - "$TEST_TMP/escapes.json" <<'PY'; then ok "groups --json: DEL as \\u007f, U+2028/9 escaped, quotes and backslashes round-trip"; else
import json, sys
raw = open(sys.argv[1], "rb").read()
assert b"\x7f" not in raw and "\u2028".encode() not in raw and "\u2029".encode() not in raw, raw
assert b"\\u007f" in raw and b"\\u2028" in raw and b"\\u2029" in raw, raw
names = {g["name"]: g["owner"] for g in json.loads(raw)}
assert names.get('删\x7f除\u2028行\u2029段 \\ "引"') == "a\\b", names
PY
	not_ok "groups --json: DEL as \\u007f, U+2028/9 escaped, quotes and backslashes round-trip" "$(head -c 600 "$TEST_TMP/escapes.json")"; fi

# ---- CSV exports: read back, every hostile cell intact apart from the guard ----
check "schedule a hostile topic" $RUN schedule --group "=cmd|' /C calc'!A0" --date 2026-03-05 \
	--slot 08:30 --topic "-2+3 话题" --owner "@小王"
check "schedule a topic starting with a tab" $RUN schedule --group "=cmd|' /C calc'!A0" \
	--date 2026-03-06 --slot 08:30 --topic "$(printf '\t制表话题')"
cat >"$TEST_TMP/content.csv" <<'CSV'
title,category,form,tags,date,body
"=HYPERLINK(""http://x"",""点我"")",engage,text,"@SUM(A1);育儿",2026-03-02,"第一行
第二行, ""引号"""
"+86 开头",engage,text,正常,2026-03-02,-2+3
CSV
check "import hostile content" $RUN import content "$TEST_TMP/content.csv"
check "export calendar -o" $RUN export calendar --format csv --week 2026-W10 --with-empty -o "$TEST_TMP/cal.csv"
check "export content -o" $RUN export content -o "$TEST_TMP/content-out.csv"
check "export kpi -o" $RUN export kpi --format csv -o "$TEST_TMP/kpi.csv"
roundtrip() { # NAME FILE CELL...
	name=$1 file=$2
	shift 2
	if python3 - "$file" "$@" <<'PY'; then ok "$name"; else not_ok "$name" "$(head -c 600 "$file")"; fi
import csv, sys
raw = open(sys.argv[1], "rb").read()
assert raw.startswith(b"\xef\xbb\xbf"), "no BOM"
assert raw.endswith(b"\r\n") and b"\r\n" in raw, "rows do not end in CRLF"
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
width = len(rows[0])
assert all(len(r) == width for r in rows), "a row has a different number of cells"
cells = [c for r in rows for c in r]
for c in cells:
    assert c[:1] not in ("=", "+", "-", "@", "\t", "\r") or c.lstrip("-").replace(".", "", 1).isdigit(), "unguarded cell %r" % c
for want in sys.argv[2:]:
    guarded = want[:1] in ("=", "+", "-", "@", "\t", "\r")
    assert (("'" + want) if guarded else want) in cells, "missing cell %r" % want
PY
}
roundtrip "calendar CSV: hostile names read back, formulas guarded" "$TEST_TMP/cal.csv" \
	"=cmd|' /C calc'!A0" '-2+3 "引号"
换行群' "@SUM(A1)	制表群" "-2+3 话题" "@小王" "	制表话题"
roundtrip "content CSV: hostile cells read back, formulas guarded" "$TEST_TMP/content-out.csv" \
	'=HYPERLINK("http://x","点我")' "@SUM(A1);育儿" '第一行
第二行, "引号"' "+86 开头" "-2+3"
roundtrip "kpi CSV: hostile names read back, formulas guarded" "$TEST_TMP/kpi.csv" \
	"=cmd|' /C calc'!A0" '-2+3 "引号"
换行群' "@SUM(A1)	制表群"
# The project's own reader: the exported content imports into a fresh workspace and
# exports again byte for byte (the guard is data once read back, so it is kept).
check "re-import the content export" $SOPDECK --db "$TEST_TMP/copy.db" import content "$TEST_TMP/content-out.csv"
$SOPDECK --db "$TEST_TMP/copy.db" export content -o "$TEST_TMP/content-again.csv"
$SOPDECK --db "$TEST_TMP/copy.db" export content --format yaml >"$TEST_TMP/again.yaml"
contains "re-imported: the guarded title reads back with its quote" "$TEST_TMP/again.yaml" "'=HYPERLINK"

# ---- export -o: never follows a symlink planted at FILE.tmp; mode 0600 / 0660 ----
echo "别人的文件" >"$TEST_TMP/victim.txt"
ln -s "$TEST_TMP/victim.txt" "$TEST_TMP/plan.csv.tmp"
check "export -o beside a planted FILE.tmp symlink" $RUN export calendar -o "$TEST_TMP/plan.csv"
same_text=$(cat "$TEST_TMP/victim.txt")
if [ "$same_text" = "别人的文件" ]; then ok "the symlink's target is untouched"; else
	not_ok "the symlink's target is untouched" "$same_text"; fi
mode=$(stat -c %a "$TEST_TMP/plan.csv")
if [ "$mode" = 600 ]; then ok "export -o: mode 0600"; else not_ok "export -o: mode 0600" "$mode"; fi
SOPDECK_SHARED=1 $RUN export calendar -o "$TEST_TMP/team.csv"
mode=$(stat -c %a "$TEST_TMP/team.csv")
if [ "$mode" = 660 ]; then ok "export -o shared: mode 0660"; else not_ok "export -o shared: mode 0660" "$mode"; fi
# A target that is a symlink is replaced, not written through.
ln -s "$TEST_TMP/victim.txt" "$TEST_TMP/link.csv"
check "export -o over a symlink" $RUN export kpi -o "$TEST_TMP/link.csv"
if [ ! -L "$TEST_TMP/link.csv" ] && [ "$(cat "$TEST_TMP/victim.txt")" = "别人的文件" ]; then
	ok "export -o replaces a symlink, never writes through it"; else
	not_ok "export -o replaces a symlink, never writes through it"; fi
# A failed export leaves the old file and no temporary file.
echo "旧的" >"$TEST_TMP/keep.csv"
expect_status "a failing export" 1 $RUN export calendar --group 不存在的群 -o "$TEST_TMP/keep.csv"
if [ "$(cat "$TEST_TMP/keep.csv")" = "旧的" ] && [ -z "$(ls -A "$TEST_TMP" | grep '^\.keep\.csv\.')" ]; then
	ok "a failed export keeps the old file and leaves no temporary file"; else
	not_ok "a failed export keeps the old file and leaves no temporary file" "$(ls -A "$TEST_TMP")"; fi
expect_status "export into a missing directory" 1 $RUN export kpi -o "$TEST_TMP/nope/x.csv"
contains "the message names the path and the reason" "$TEST_TMP/last.err" "$TEST_TMP/nope/x.csv: cannot create a temporary file beside it: no such file or directory"

# ---- init --shared with the default path: only the workspace's directory is shared ----
H=$TEST_TMP/home
mkdir -p "$H"
chmod 755 "$H"
umask 002
HOME=$H XDG_DATA_HOME= SOPDECK_DB= $SOPDECK init --shared >/dev/null
umask 022
modes=$(stat -c %a "$H/.local" "$H/.local/share" "$H/.local/share/sopdeck" "$H/.local/share/sopdeck/sopdeck.db" | tr '\n' ' ')
if [ "$modes" = "711 711 2770 660 " ]; then ok "init --shared: ~/.local and ~/.local/share 0711, only sopdeck/ 2770"; else
	not_ok "init --shared: ~/.local and ~/.local/share 0711, only sopdeck/ 2770" "$modes"; fi
# An existing ~/.local keeps its mode.
H2=$TEST_TMP/home2
mkdir -p "$H2/.local"
chmod 700 "$H2/.local"
HOME=$H2 XDG_DATA_HOME= SOPDECK_DB= $SOPDECK init --shared >/dev/null
if [ "$(stat -c %a "$H2/.local")" = 700 ]; then ok "init --shared leaves an existing ~/.local alone"; else
	not_ok "init --shared leaves an existing ~/.local alone" "$(stat -c %a "$H2/.local")"; fi
# An existing private database (and its -wal/-shm, held open) is made 0660.
$SOPDECK --db "$TEST_TMP/priv/x.db" init >/dev/null
python3 - "$TEST_TMP/priv/x.db" "$SOPDECK" <<'PY' >"$TEST_TMP/shared.txt"
import os, sqlite3, subprocess, sys
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM audit").fetchall()
c.execute("CREATE TABLE IF NOT EXISTS py_keep (x)")
c.commit()
before = [oct(os.stat(sys.argv[1] + s).st_mode & 0o777) for s in ("", "-wal", "-shm")]
r = subprocess.run([sys.argv[2], "--db", sys.argv[1], "init", "--shared"], capture_output=True, text=True)
after = [oct(os.stat(sys.argv[1] + s).st_mode & 0o777) for s in ("", "-wal", "-shm")]
print(before, after, r.returncode)
print(r.stderr)
PY
contains "init --shared fixes an existing 0600 database and its -wal/-shm" "$TEST_TMP/shared.txt" "['0o600', '0o600', '0o600'] ['0o660', '0o660', '0o660'] 0"
contains "init --shared says the directory keeps the group out" "$TEST_TMP/shared.txt" "priv is mode 0700"
