#!/bin/sh
# The content calendar from the command line: schedule (content, placeholder,
# status, clear, undo), `calendar --json` for a week and a month, and every
# export parsed back: CSV with python3's csv, the Markdown table's rows, and
# iCalendar (CRLF, lines <= 75 octets, folding, BEGIN/END balance, stable UIDs).
. "$(dirname "$0")/../lib.sh"

py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi
}

check "import groups" "$SOPDECK" import groups "$FIXTURES/e2e-groups.yaml"
check "import content" "$SOPDECK" import content "$FIXTURES/content.csv"
G=宝妈成长营
GID=$("$SOPDECK" calendar --json --group "$G" | py "d['groups'][0]['id']")

# ---- schedule ----
check "schedule content" "$SOPDECK" schedule --group "$G" --date 2026-03-04 --slot 08:30 --content 1
check "schedule a placeholder with a comma, a semicolon and a long Chinese topic" \
	"$SOPDECK" schedule --group "$G" --date 2026-03-05 --slot 10:00 \
	--topic '辅食添加,常见误区;答疑\直播：宝宝六个月以后怎么吃更健康，妈妈们最关心的十个问题一次讲清楚' \
	--form 直播 --owner 小林
check "schedule the same content two days later" "$SOPDECK" schedule --group "$G" --date 2026-03-06 --slot 08:30 --content 1
check "set a status" "$SOPDECK" schedule --group "$G" --date 2026-03-04 --slot 08:30 --status reviewed
expect_status "a time with nothing due is refused" 1 "$SOPDECK" schedule --group "$G" --date 2026-03-04 --slot 11:00 --content 2
contains "the refusal says why" "$TEST_TMP/last.err" "nothing due"
expect_status "an unknown group is refused" 1 "$SOPDECK" schedule --group 没有这个群 --date 2026-03-04 --slot 08:30 --content 2
expect_status "a bad date is a usage error" 2 "$SOPDECK" schedule --group "$G" --date 2026-02-30 --slot 08:30 --content 2
expect_status "a bad status is a usage error" 2 "$SOPDECK" schedule --group "$G" --date 2026-03-04 --slot 08:30 --status done
expect_status "an unknown content id fails" 1 "$SOPDECK" schedule --group "$G" --date 2026-03-07 --slot 08:30 --content 99

# ---- calendar --json ----
"$SOPDECK" calendar --json --group "$G" >"$TEST_TMP/week.json"
check "calendar --json is valid JSON" python3 -m json.tool "$TEST_TMP/week.json"
same "default week is the week of --today" "$(py "d['week'], d['start']" <"$TEST_TMP/week.json")" "2026-W10 2026-03-02"
cellq="[c for c in d['groups'][0]['cells'] if c['date']=='%s' and c['time']=='%s'][0]"
cell() { printf "$cellq" "$1" "$2"; }
same "the content slot" "$(py "$(cell 2026-03-04 08:30)['slot']['content_id'], $(cell 2026-03-04 08:30)['slot']['status']" <"$TEST_TMP/week.json")" "1 reviewed"
same "the placeholder" "$(py "$(cell 2026-03-05 10:00)['slot']['owner'], $(cell 2026-03-05 10:00)['slot']['content_id']" <"$TEST_TMP/week.json")" "小林 None"
same "the duplicate is warned on both days" "$(py "$(cell 2026-03-04 08:30)['warnings'], $(cell 2026-03-06 08:30)['duplicate_of']" <"$TEST_TMP/week.json")" "['duplicate'] 2026-03-04"
same "empty within 48 hours warns" "$(py "$(cell 2026-03-05 15:00)['warnings'], $(cell 2026-03-07 15:00)['warnings']" <"$TEST_TMP/week.json")" "['empty_soon'] []"
same "the mix counts content by category" "$(py "[(m['key'], m['used'], m['target']) for m in d['mix']]" <"$TEST_TMP/week.json")" "[('engage', 2, 50), ('convert', 0, 30), ('brand', 0, 20)]"
same "Monday brief only on Monday" "$(py "[c['date'] for c in d['groups'][0]['cells'] if c['action']=='mon-brief']" <"$TEST_TMP/week.json")" "['2026-03-02']"
"$SOPDECK" calendar --json --week 2020-W53 >"$TEST_TMP/w53.json"
same "2020-W53 runs into 2021" "$(py "d['start'], d['end']" <"$TEST_TMP/w53.json")" "2020-12-28 2021-01-03"
expect_status "2025-W53 does not exist" 2 "$SOPDECK" calendar --week 2025-W53
"$SOPDECK" calendar --json --month 2024-02 >"$TEST_TMP/month.json"
same "a leap February has 29 days" "$(py "len(d['days']), d['days'][-1]['date']" <"$TEST_TMP/month.json")" "29 2024-02-29"
"$SOPDECK" calendar --json --month 2026-03 >"$TEST_TMP/m3.json"
same "女王节 is flagged 4 days ahead" "$(py "[(n['node'], n['days_left'], n['flagged']) for n in d['upcoming']][0]" <"$TEST_TMP/m3.json")" "('女王节', 4, True)"
check "text output" "$SOPDECK" calendar
contains "text shows the week" "$TEST_TMP/last.out" "2026-W10"

# ---- undo and clear ----
check "clear" "$SOPDECK" schedule --group "$G" --date 2026-03-06 --slot 08:30 --clear
same "cleared" "$("$SOPDECK" calendar --json --group "$G" | py "$(cell 2026-03-06 08:30)['slot']")" "None"
check "undo" "$SOPDECK" schedule --undo
contains "undo says what" "$TEST_TMP/last.out" "clear 宝妈成长营 2026-03-06 08:30"
same "undo restored it" "$("$SOPDECK" calendar --json --group "$G" | py "$(cell 2026-03-06 08:30)['slot']['content_id']")" "1"

# ---- tick posts the slot ----
check "tick the morning greeting" "$SOPDECK" tick "$GID:morning"
same "the slot is posted" "$("$SOPDECK" calendar --json --group "$G" | py "$(cell 2026-03-04 08:30)['slot']['status']")" "posted"

# ---- exports ----
check "export CSV" "$SOPDECK" export calendar --format csv --week 2026-W10 -o "$TEST_TMP/cal.csv"
if head -c 3 "$TEST_TMP/cal.csv" | od -An -tx1 | grep -q "ef bb bf"; then ok "CSV has a BOM"; else not_ok "CSV has a BOM"; fi
same "CSV parses back" "$(python3 - "$TEST_TMP/cal.csv" "$GID" <<'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
head = rows[0]
body = [dict(zip(head, r)) for r in rows[1:]]
assert all(len(r) == len(head) for r in rows), 'ragged rows'
p = [r for r in body if r['日期'] == '2026-03-05' and r['时间'] == '10:00' and r['群'] == '宝妈成长营'][0]
c = [r for r in body if r['日期'] == '2026-03-04' and r['时间'] == '08:30' and r['群'] == '宝妈成长营'][0]
print(head[0], p['内容/主题'][:16], p['负责人'], c['内容ID'], c['状态'], c['分类'], len(body) > 40)
EOF
)" "日期 辅食添加,常见误区;答疑\\直播： 小林 1 已发 促活型 True"

check "export Markdown" "$SOPDECK" export calendar --format md --group "$G" --week 2026-W10 -o "$TEST_TMP/cal.md"
csv_rows=$("$SOPDECK" export calendar --format csv --group "$G" --week 2026-W10 | python3 -c "import csv,sys; print(len(list(csv.reader(sys.stdin))) - 1)")
md_rows=$(python3 - "$TEST_TMP/cal.md" <<'EOF'
import re, sys
lines = [l.rstrip('\n') for l in open(sys.argv[1], encoding='utf-8') if l.startswith('|')]
cols = [len(re.split(r'(?<!\\)\|', l)) - 2 for l in lines]
assert len(set(cols)) == 1, cols
assert re.match(r'^\|( --- \|)+$', lines[1])
print(len(lines) - 2)
EOF
)
same "Markdown rows = CSV rows, every row the same number of cells" "$md_rows" "$csv_rows"

check "export iCalendar" "$SOPDECK" export calendar --format ics --month 2026-03 -o "$TEST_TMP/a.ics"
check "export iCalendar again" "$SOPDECK" export calendar --format ics --month 2026-03 -o "$TEST_TMP/b.ics"
same "ICS parses back" "$(python3 - "$TEST_TMP/a.ics" "$TEST_TMP/b.ics" "$GID" <<'EOF'
import sys
def parse(path):
    data = open(path, 'rb').read()
    assert data.endswith(b'\r\n'), 'last line not CRLF'
    phys = data.split(b'\r\n')[:-1]
    assert all(b'\n' not in l and b'\r' not in l for l in phys), 'bare LF or CR'
    assert all(len(l) <= 75 for l in phys), 'line over 75 octets'
    for l in phys:
        l.decode('utf-8')  # folding never splits a character
    logical = []
    for l in phys:
        if l.startswith(b' '):
            logical[-1] += l[1:]
        else:
            logical.append(l)
    lines = [l.decode('utf-8') for l in logical]
    depth = []
    for l in lines:
        if l.startswith('BEGIN:'):
            depth.append(l[6:])
        elif l.startswith('END:'):
            assert depth.pop() == l[4:], 'unbalanced'
    assert not depth
    folded = sum(1 for l in phys if l.startswith(b' '))
    return lines, folded
a, fa = parse(sys.argv[1])
b, _ = parse(sys.argv[2])
uids = [l for l in a if l.startswith('UID:')]
assert uids == [l for l in b if l.startswith('UID:')], 'UIDs differ between exports'
gid = sys.argv[3]
def unescape(v):
    out, i = '', 0
    while i < len(v):
        if v[i] == '\\':
            out += {'n': '\n', 'N': '\n'}.get(v[i + 1], v[i + 1]); i += 2
        else:
            out += v[i]; i += 1
    return out
summ = [unescape(l[8:]) for l in a if l.startswith('SUMMARY:') and '常见误区' in l][0]
print(len(uids), 'UID:slot-%s-20260304-0830@sopdeck' % gid in uids, fa > 0, summ)
EOF
)" "3 True True [宝妈成长营] 干货/知识分享：辅食添加,常见误区;答疑\\直播：宝宝六个月以后怎么吃更健康，妈妈们最关心的十个问题一次讲清楚"
expect_status "an unknown format is a usage error" 2 "$SOPDECK" export calendar --format pdf
