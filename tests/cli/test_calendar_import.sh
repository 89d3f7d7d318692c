#!/bin/sh
# `sopdeck import calendar FILE.csv` reads back the sheet `export calendar --format csv`
# writes: a round trip (export, clear, import, export) is byte-identical; BOM or not,
# CRLF or LF, 状态 in Chinese or English; a bad file changes nothing and names every
# bad row by its line; the import is audited.
. "$(dirname "$0")/../lib.sh"

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi
}
# identical NAME A B: the two files are byte for byte the same.
identical() {
	if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$2" "$3" | head -20)"; fi
}
# The whole grid (--with-empty), as a planner fills it in a spreadsheet.
export_week() { "$SOPDECK" export calendar --format csv --week 2026-W10 --with-empty -o "$1"; }

check "import groups" "$SOPDECK" import groups "$FIXTURES/e2e-groups.yaml"
check "import content" "$SOPDECK" import content "$FIXTURES/content.csv"
G=宝妈成长营
F=Fit健身打卡A群
check "schedule content" "$SOPDECK" schedule --group "$G" --date 2026-03-04 --slot 08:30 --content 1 --owner 小林
check "schedule a placeholder with a comma, quotes and a semicolon" \
	"$SOPDECK" schedule --group "$G" --date 2026-03-05 --slot 10:00 \
	--topic '辅食添加,常见误区;"答疑"直播：宝宝六个月以后怎么吃' --form live --owner 小林
check "a posted slot" "$SOPDECK" schedule --group "$G" --date 2026-03-03 --slot 08:30 --content 2 --status posted
check "a reviewed slot" "$SOPDECK" schedule --group "$G" --date 2026-03-06 --slot 08:30 --content 3 --status reviewed
check "two actions at one time: 福利推送" "$SOPDECK" schedule --group "$F" --date 2026-03-06 --slot 20:00 --action perks --topic 晚间福利 --status drafted
check "two actions at one time: 周五会员日福利" "$SOPDECK" schedule --group "$F" --date 2026-03-06 --slot 20:00 --action fri-member --topic 会员日 --form video

export_week "$TEST_TMP/a.csv"
filled=$(python3 - "$TEST_TMP/a.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(sum(1 for r in rows[1:] if r[5] or r[6]), len(rows) > 40)
EOF
)
same "the week has six filled rows among the empty ones" "$filled" "6 True"

# Clear through the sheet: every row emptied (what a planner does by deleting cell text).
python3 - "$TEST_TMP/a.csv" "$TEST_TMP/blank.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
with open(sys.argv[2], 'w', encoding='utf-8-sig', newline='') as f:
    w = csv.writer(f, lineterminator='\r\n')
    w.writerow(rows[0])
    for r in rows[1:]:
        w.writerow(r[:5] + [''] * 6)
EOF
check "import the emptied sheet" "$SOPDECK" import calendar "$TEST_TMP/blank.csv"
contains "it says six slots were cleared" "$TEST_TMP/last.out" "0 slots written, 6 cleared"
export_week "$TEST_TMP/cleared.csv"
same "the week is empty" "$(python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(sum(1 for r in rows[1:] if r[5] or r[6] or r[10]))" "$TEST_TMP/cleared.csv")" "0"

check "import the exported sheet" "$SOPDECK" import calendar "$TEST_TMP/a.csv"
contains "it says six slots were written" "$TEST_TMP/last.out" "6 slots written, 0 cleared"
export_week "$TEST_TMP/b.csv"
identical "round trip: export, clear, import, export is identical" "$TEST_TMP/a.csv" "$TEST_TMP/b.csv"
same "the placeholder's topic, form and owner came back" \
	"$("$SOPDECK" calendar --json --group "$G" | python3 -c "
import json, sys
d = json.load(sys.stdin)
s = [c['slot'] for c in d['groups'][0]['cells'] if c['date'] == '2026-03-05' and c['time'] == '10:00'][0]
print(s['topic'], s['form'], s['owner'], s['status'])")" \
	'辅食添加,常见误区;"答疑"直播：宝宝六个月以后怎么吃 live 小林 planned'

check "importing the same sheet again" "$SOPDECK" import calendar "$TEST_TMP/a.csv"
contains "changes nothing" "$TEST_TMP/last.out" "0 slots written, 0 cleared"

# No BOM, LF line ends, English statuses, a spreadsheet's H:MM and YYYY/MM/DD.
python3 - "$TEST_TMP/a.csv" "$TEST_TMP/lf.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
en = {'计划': 'planned', '初稿': 'drafted', '已审': 'Reviewed', '已发': 'POSTED'}
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(rows[0])
    for r in rows[1:]:
        r[10] = en.get(r[10], r[10])
        r[0] = r[0].replace('-', '/')
        if r[2].startswith('0'):
            r[2] = r[2][1:]
        w.writerow(r)
EOF
if head -c 3 "$TEST_TMP/lf.csv" | od -An -tx1 | grep -q "ef bb bf"; then
	not_ok "the LF variant has no BOM"; else ok "the LF variant has no BOM"; fi
check "import the emptied sheet again" "$SOPDECK" import calendar "$TEST_TMP/blank.csv"
check "import without BOM, LF, English statuses, 8:30 and 2026/03/04" "$SOPDECK" import calendar "$TEST_TMP/lf.csv"
export_week "$TEST_TMP/c.csv"
identical "and the export is identical again" "$TEST_TMP/a.csv" "$TEST_TMP/c.csv"

# ---- a bad sheet: every bad row named by its line, nothing changed ----
python3 - "$TEST_TMP/a.csv" "$TEST_TMP/bad.csv" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
body = rows[1:]
def row(**kw):
    r = list(body[0])
    for k, v in kw.items():
        r[rows[0].index(k)] = v
    return r
bad = [
    row(群='没有这个群', 内容ID='1'),                       # line 2
    row(日期='2026-02-30', 内容ID='1'),                     # line 3
    row(时间='25:00', 内容ID='1'),                          # line 4
    row(内容ID='9999'),                                     # line 5
    row(内容ID='1', 状态='done'),                           # line 6
    row(栏目='不存在的栏目', 内容ID='1'),                   # line 7
    row(内容ID='', **{'内容/主题': '新主题'}, 形式='幻灯片'),  # line 8
]
with open(sys.argv[2], 'w', encoding='utf-8-sig', newline='') as f:
    w = csv.writer(f, lineterminator='\r\n')
    w.writerow(rows[0])
    for r in bad:
        w.writerow(r)
    # a good row that would change a slot: must not be kept
    r = [x for x in body if x[5] == '1'][0]
    r = list(r); r[10] = '已发'
    w.writerow(r)                                           # line 9
    w.writerow(r)                                           # line 10: the same slot again
    w.writerow(list(body[1]) + ['各位'])                     # line 11: a value past the header
EOF
before=$("$SOPDECK" log --kind import --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
expect_status "a sheet with bad rows is refused" 1 "$SOPDECK" import calendar "$TEST_TMP/bad.csv"
err=$TEST_TMP/last.err
contains "the count of bad rows" "$err" "9 bad rows, nothing imported"
contains "unknown group, with its line" "$err" "bad.csv:2: unknown group '没有这个群'"
contains "bad date, with its line" "$err" "bad.csv:3: bad date '2026-02-30'"
contains "bad time, with its line" "$err" "bad.csv:4: bad time '25:00'"
contains "unknown content ID, with its line" "$err" "bad.csv:5: unknown content ID 9999"
contains "unknown status, with its line" "$err" "bad.csv:6: unknown status 'done'"
contains "unknown 栏目, with its line" "$err" "bad.csv:7: unknown 栏目 '不存在的栏目'"
contains "unknown form, with its line" "$err" "bad.csv:8: unknown form '幻灯片'"
contains "two rows for one slot" "$err" "bad.csv:10: the same slot as line 9"
contains "a value past the header, with its line" "$err" \
	"bad.csv:11: 12 fields, but the header has 11 (a value with a comma needs quotes"
export_week "$TEST_TMP/d.csv"
identical "nothing changed" "$TEST_TMP/a.csv" "$TEST_TMP/d.csv"
after=$("$SOPDECK" log --kind import --json | python3 -c "import json,sys; print(len(json.load(sys.stdin)))")
same "the refused import is not in the audit log" "$after" "$before"

# 栏目 not due: 周五会员日福利 on a Thursday.
printf '日期,星期,时间,群,栏目,内容ID,内容/主题,分类,形式,负责人,状态\n2026-03-05,周四,20:00,%s,周五会员日福利,,会员日,,,,计划\n' "$F" >"$TEST_TMP/notdue.csv"
expect_status "a 栏目 that is not due that day is refused" 1 "$SOPDECK" import calendar "$TEST_TMP/notdue.csv"
contains "and says so with its line" "$TEST_TMP/last.err" "notdue.csv:2: 栏目 '周五会员日福利' is not due for $F on 2026-03-05 at 20:00"
printf '日期,星期,时间,群\n' >"$TEST_TMP/nohead.csv"
expect_status "a sheet without a content column is refused" 1 "$SOPDECK" import calendar "$TEST_TMP/nohead.csv"
contains "naming the header line" "$TEST_TMP/last.err" "nohead.csv:1: no 内容ID or 内容/主题 column"
printf '日期,群,内容ID\n' >"$TEST_TMP/notime.csv"
expect_status "a sheet without a time column is refused" 1 "$SOPDECK" import calendar "$TEST_TMP/notime.csv"
contains "naming the header line" "$TEST_TMP/last.err" "notime.csv:1: no 时间 column"
printf 'a,b\n1,2\n' >"$TEST_TMP/other.csv"
expect_status "some other CSV is refused" 1 "$SOPDECK" import calendar "$TEST_TMP/other.csv"
contains "saying what header it wants" "$TEST_TMP/last.err" "no header line with 日期, 时间 and 群"

# ---- audit ----
"$SOPDECK" log --kind import --json >"$TEST_TMP/log.json"
same "each import is one audit entry naming the file and counts" "$(python3 -c "
import json, sys
e = [x for x in json.load(open(sys.argv[1])) if 'import calendar' in x['detail']]
print(len(e), e[0]['operator'], 'a.csv: ' in ' '.join(x['detail'] for x in e))" "$TEST_TMP/log.json")" "5 tester True"

# A placeholder typed by a planner (no 栏目) goes to the time's action; a new row works.
printf '\357\273\277日期,星期,时间,群,栏目,内容ID,内容/主题,分类,形式,负责人,状态\r\n2026-03-07,周六,08:30,%s,,,周末早安：亲子阅读,,图文,阿珍,\r\n' "$G" >"$TEST_TMP/new.csv"
check "a planner's new row without 栏目" "$SOPDECK" import calendar "$TEST_TMP/new.csv"
same "it fills the 08:30 action as planned" "$("$SOPDECK" calendar --json --group "$G" | python3 -c "
import json, sys
d = json.load(sys.stdin)
c = [c for c in d['groups'][0]['cells'] if c['date'] == '2026-03-07' and c['time'] == '08:30'][0]
print(c['action'], c['slot']['topic'], c['slot']['form'], c['slot']['owner'], c['slot']['status'])")" \
	"morning 周末早安：亲子阅读 text 阿珍 planned"
