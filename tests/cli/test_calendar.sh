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
# The Today checklist carries the slot of each action: what to post, and how far along it is.
same "today --json: the morning item has its slot" \
	"$("$SOPDECK" today --json --group "$G" | py "[(a['slot']['status'], a['slot']['content_id']) for a in d['groups'][0]['actions'] if a['action'] == 'morning'][0]")" \
	"('reviewed', 1)"
same "today --json: an action with nothing scheduled has slot null" \
	"$("$SOPDECK" today --json --group "$G" | py "[a['slot'] for a in d['groups'][0]['actions'] if a['action'] == 'perks'][0]")" \
	"None"
contains "today (text): the scheduled content is named under its action" \
	"$("$SOPDECK" today --group "$G" >"$TEST_TMP/today.txt"; echo "$TEST_TMP/today.txt")" "▸ slot"
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
# Slots whose fields after the title differ in one byte, or repeat, or need escapes: the
# week's JSON writes the tails it has seen from a memo, each as the slot has it.
check "placeholder: owner with a quote, a backslash and a control" \
	"$SOPDECK" schedule --group "$G" --date 2026-03-02 --slot 10:00 --topic 选题甲 --form 图文 \
	--owner "$(printf '小"林\\\001')"
check "placeholder: the same owner as 03-05" "$SOPDECK" schedule --group "$G" --date 2026-03-03 --slot 10:00 \
	--topic '辅食添加,常见误区;答疑\直播：宝宝六个月以后怎么吃更健康，妈妈们最关心的十个问题一次讲清楚' \
	--form 直播 --owner 小林
check "placeholder: one byte more in the owner" "$SOPDECK" schedule --group "$G" --date 2026-03-04 --slot 10:00 \
	--topic 选题甲 --form 图文 --owner 小林2 --status drafted
"$SOPDECK" calendar --json --group "$G" >"$TEST_TMP/tails.json"
same "calendar --json: each slot's own topic, form, owner and status" \
	"$(py "[(c['date'], c['slot']['topic'][:3], c['slot']['form'], c['slot']['owner'], c['slot']['status']) for c in d['groups'][0]['cells'] if c['time'] == '10:00' and c['slot']]" <"$TEST_TMP/tails.json")" \
	"[('2026-03-02', '选题甲', '图文', '小\"林\\\\\\x01', 'planned'), ('2026-03-03', '辅食添', '直播', '小林', 'planned'), ('2026-03-04', '选题甲', '图文', '小林2', 'drafted'), ('2026-03-05', '辅食添', '直播', '小林', 'planned')]"
contains "calendar --json: the control escaped" "$TEST_TMP/tails.json" '"owner":"小\"林\\\u0001"'
for d in 2026-03-02 2026-03-03 2026-03-04; do
	"$SOPDECK" schedule --group "$G" --date $d --slot 10:00 --clear >/dev/null
done
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
check "export CSV (--with-empty: the holes too)" "$SOPDECK" export calendar --format csv --with-empty --week 2026-W10 -o "$TEST_TMP/cal.csv"
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
print(len(uids), 'UID:slot-%s-20260304-0830-morning@sopdeck' % gid in uids, fa > 0, summ)
EOF
)" "3 True True [宝妈成长营] 干货/知识分享：辅食添加,常见误区;答疑\\直播：宝宝六个月以后怎么吃更健康，妈妈们最关心的十个问题一次讲清楚"
expect_status "an unknown format is a usage error" 2 "$SOPDECK" export calendar --format pdf

# ---- move, copy, copy a week (each one transaction, audited, undoable) ----
slotq() { # GROUP DATE TIME [ACTION]: "content_id|topic|owner|status" or none
	"$SOPDECK" calendar --json --group "$1" --week "$(python3 -c "import datetime;y,w,_=datetime.date.fromisoformat('$2').isocalendar();print('%d-W%02d'%(y,w))")" | python3 -c "
import json, sys
d = json.load(sys.stdin)
c = [c for c in d['groups'][0]['cells'] if c['date'] == '$2' and c['time'] == '$3' and ('$4' == '' or c['action'] == '$4') and c['slot']]
s = c[0]['slot'] if c else None
print('none' if s is None else '%s|%s|%s|%s' % (s['content_id'], s['topic'], s['owner'], s['status']))"
}
check "a placeholder to move" "$SOPDECK" schedule --group "$G" --date 2026-03-10 --slot 08:30 --topic 周二早安 --owner 小林 --status drafted
check "move it to another day and time" "$SOPDECK" schedule --group "$G" --date 2026-03-10 --slot 08:30 --move-to-date 2026-03-11 --move-to-slot 15:00
contains "move says where" "$TEST_TMP/last.out" "moved 宝妈成长营 2026-03-10 08:30 to 宝妈成长营 2026-03-11 15:00"
same "the source is empty" "$(slotq "$G" 2026-03-10 08:30)" "none"
# In Chinese mode every confirmation is Chinese: no "moved ... to" / "scheduled" words.
check "zh: move it back" "$SOPDECK" --lang zh schedule --group "$G" --date 2026-03-11 --slot 15:00 --move-to-date 2026-03-10 --move-to-slot 08:30
contains "zh: move says where in Chinese" "$TEST_TMP/last.out" "已移动 宝妈成长营 2026-03-11 15:00 到 宝妈成长营 2026-03-10 08:30"
check "zh: and forth again" "$SOPDECK" --lang zh schedule --group "$G" --date 2026-03-10 --slot 08:30 --move-to-date 2026-03-11 --move-to-slot 15:00
check "zh: a status" "$SOPDECK" --lang zh schedule --group "$G" --date 2026-03-11 --slot 15:00 --status drafted
contains "zh: status change confirmed in Chinese" "$TEST_TMP/last.out" "已排期 宝妈成长营 2026-03-11 15:00"
same "the target has it, status kept" "$(slotq "$G" 2026-03-11 15:00)" "None|周二早安|小林|drafted"
check "copy it to the next day, same time" "$SOPDECK" schedule --group "$G" --date 2026-03-11 --slot 15:00 --copy-to-date 2026-03-12
same "the copy starts planned" "$(slotq "$G" 2026-03-12 15:00)" "None|周二早安|小林|planned"
same "the original stays" "$(slotq "$G" 2026-03-11 15:00)" "None|周二早安|小林|drafted"
check "copy to another group" "$SOPDECK" schedule --group "$G" --date 2026-03-11 --slot 15:00 --copy-to-date 2026-03-11 --to-group Fit健身打卡A群
same "the other group has it" "$(slotq Fit健身打卡A群 2026-03-11 15:00)" "None|周二早安|小林|planned"
expect_status "copying onto a filled slot fails" 1 "$SOPDECK" schedule --group "$G" --date 2026-03-11 --slot 15:00 --copy-to-date 2026-03-12
contains "and says why" "$TEST_TMP/last.err" "already filled"
expect_status "moving to a time with nothing due fails" 1 "$SOPDECK" schedule --group "$G" --date 2026-03-11 --slot 15:00 --move-to-date 2026-03-12 --move-to-slot 11:00
expect_status "moving nothing fails" 1 "$SOPDECK" schedule --group "$G" --date 2026-03-13 --slot 08:30 --move-to-date 2026-03-14
contains "and names the slot" "$TEST_TMP/last.err" "nothing scheduled for 宝妈成长营 on 2026-03-13 08:30"
expect_status "--move-to-slot alone is a usage error" 2 "$SOPDECK" schedule --group "$G" --date 2026-03-11 --slot 15:00 --move-to-slot 10:00
expect_status "move and copy together is a usage error" 2 "$SOPDECK" schedule --group "$G" --date 2026-03-11 --slot 15:00 --move-to-date 2026-03-12 --copy-to-date 2026-03-13
check "undo the copy to the other group" "$SOPDECK" schedule --undo
contains "undo names the copy" "$TEST_TMP/last.out" "undone: copy 宝妈成长营 2026-03-11 15:00 to Fit健身打卡A群"
same "the other group's copy is gone" "$(slotq Fit健身打卡A群 2026-03-11 15:00)" "none"

check "copy week W11 into W12" "$SOPDECK" schedule --group "$G" --copy-week 2026-W12
contains "copy-week counts" "$TEST_TMP/last.out" "copied 2 slots into 2026-W12"
same "Wednesday a week later" "$(slotq "$G" 2026-03-18 15:00)" "None|周二早安|小林|planned"
same "Thursday a week later" "$(slotq "$G" 2026-03-19 15:00)" "None|周二早安|小林|planned"
check "copying from an empty week changes nothing" "$SOPDECK" schedule --group "$G" --copy-week 2026-W30
contains "and says so" "$TEST_TMP/last.out" "copied 0 slots into 2026-W30"
expect_status "a bad week is a usage error" 2 "$SOPDECK" schedule --group "$G" --copy-week 2026-W60
check "undo the week copy" "$SOPDECK" schedule --undo
same "the week copy is gone" "$(slotq "$G" 2026-03-18 15:00)" "none"
"$SOPDECK" log --json --limit 30 >"$TEST_TMP/log.json"
same "moves, copies and week copies are audited" "$(python3 -c "
import json, sys
d = json.load(open('$TEST_TMP/log.json'))
e = d if isinstance(d, list) else d.get('entries', d.get('log', []))
k = set(x['kind'] for x in e)
print(sorted(k & {'schedule-move', 'schedule-copy', 'schedule-copy-week', 'schedule-undo'}))")" "['schedule-copy', 'schedule-copy-week', 'schedule-move', 'schedule-undo']"

# ---- a library fill keeps the placeholder's owner ----
check "fill the placeholder from the library" "$SOPDECK" schedule --group "$G" --date 2026-03-11 --slot 15:00 --content 2
same "owner and topic kept" "$(slotq "$G" 2026-03-11 15:00)" "2|周二早安|小林|planned"

# ---- two actions at one time: Friday 20:00 for a segmented group in monetisation ----
F=Fit健身打卡A群
FID=$("$SOPDECK" calendar --json --group "$F" | py "d['groups'][0]['id']")
check "fill 福利推送" "$SOPDECK" schedule --group "$F" --date 2026-03-06 --slot 20:00 --action perks --topic 晚间福利
check "fill 周五会员日福利 at the same time" "$SOPDECK" schedule --group "$F" --date 2026-03-06 --slot 20:00 --action fri-member --topic 会员日
same "two slots, one per action" "$(slotq "$F" 2026-03-06 20:00 perks) $(slotq "$F" 2026-03-06 20:00 fri-member)" "None|晚间福利||planned None|会员日||planned"
expect_status "clearing without --action is ambiguous" 1 "$SOPDECK" schedule --group "$F" --date 2026-03-06 --slot 20:00 --clear
contains "and says to choose" "$TEST_TMP/last.err" "--action"
check "tick the member perks on that Friday" "$SOPDECK" --today 2026-03-06 tick "$FID:fri-member"
same "only its slot is posted" "$(slotq "$F" 2026-03-06 20:00 perks) $(slotq "$F" 2026-03-06 20:00 fri-member)" "None|晚间福利||planned None|会员日||posted"
expect_status "an action not due then is refused" 1 "$SOPDECK" schedule --group "$F" --date 2026-03-05 --slot 20:00 --action fri-member --topic x

# ---- usage lists every schedule and calendar flag ----
"$SOPDECK" --help >"$TEST_TMP/help.txt" 2>&1
for flag in --month --week --action --content --topic --form --owner --status --clear --move-to-date --move-to-slot --copy-to-date --copy-to-slot --to-group --copy-week --undo; do
	contains "usage lists $flag" "$TEST_TMP/help.txt" "$flag"
done

# ---- an older database: migrations 005 and 006 keep its calendar and its undo history ----
python3 -c "
import glob, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for m in sorted(glob.glob(sys.argv[2] + '/migrations/00[1-4]-*.sql')):
    c.executescript(open(m).read())
c.executescript(open(sys.argv[3]).read())
c.execute('pragma user_version = 4')
c.commit()
" "$TEST_TMP/v4.db" "$ASSETS" "$FIXTURES/v4-calendar-undo.sql"
# Undo is per operator: the fixture's changes were made by "operator".
V4="$SOPDECK --db $TEST_TMP/v4.db --today 2026-03-04 --operator operator"
same "v4: before undo, 15:00 is filled" \
	"$($V4 calendar --json --week 2026-W10 | py "sum(1 for g in d['groups'] for c in g['cells'] if c['slot'])")" "1"
check "v4: undo the 15:00 fill after the upgrade" $V4 schedule --undo
check "v4: undo the 10:00 clear" $V4 schedule --undo
check "v4: undo the 10:00 fill" $V4 schedule --undo
same "v4: every undo step took effect (no slot left)" \
	"$($V4 calendar --json --week 2026-W10 | py "sum(1 for g in d['groups'] for c in g['cells'] if c['slot'])")" "0"
same "v4: the file is at the newest schema and intact" \
	"$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('pragma user_version').fetchone()[0] >= 6, c.execute('pragma integrity_check').fetchone()[0])" "$TEST_TMP/v4.db")" "True ok"

# ---- each group's week follows its own playbook: two playbooks, different Monday columns ----
python3 - "$ASSETS/playbook.yaml" "$TEST_TMP/deal.yaml" <<'PY'
import sys
t = open(sys.argv[1], encoding='utf-8').read()
name = 'playbook: 私域社群标准SOP (standard community SOP)'
mon = '{id: mon-brief,   title: 周一行业早报, title_en: Monday industry brief, at: "09:00", every: mon,\n     category: brand}'
assert name in t and mon in t
t = t.replace(name, 'playbook: 团购SOP').replace(mon, '{id: mon-deal, title: 周一团购开团 (Monday group buy), at: "11:00", every: mon,\n     category: convert}')
open(sys.argv[2], 'w', encoding='utf-8').write(t)
PY
DEFAULT_PB=$("$SOPDECK" playbooks --json | py "[p['name'] for p in (d if isinstance(d, list) else d['playbooks']) if p.get('default')][0]")
check "import a second playbook" "$SOPDECK" import playbook "$TEST_TMP/deal.yaml"
check "the first stays the default" "$SOPDECK" playbook default "$DEFAULT_PB"
check "one group runs on the second" "$SOPDECK" group set VIP客服群 --playbook 团购SOP
monday() { # GROUP: the action ids of the group's fillable Monday cells
	"$SOPDECK" calendar --json --week 2026-W10 | python3 -c "
import json, sys
d = json.load(sys.stdin)
g = [g for g in d['groups'] if g['name'] == sys.argv[1]][0]
print(g['playbook'], sorted(c['action'] for c in g['cells'] if c['date'] == '2026-03-02' and c['fillable'] and c['action'].startswith('mon-')))" "$1"
}
same "the group on 团购SOP has the group-buy column on Monday" "$(monday VIP客服群)" "团购SOP ['mon-deal']"
same "a group on the default has the industry brief" "$(monday "$G")" "$DEFAULT_PB ['mon-brief']"
check "fill the group-buy column with a conversion item" "$SOPDECK" schedule --group VIP客服群 \
	--date 2026-03-02 --slot 11:00 --content 2
same "its category is the column's: no warning" "$("$SOPDECK" calendar --json --group VIP客服群 --week 2026-W10 | py "[c['warnings'] for c in d['groups'][0]['cells'] if c['action'] == 'mon-deal'][0]")" "[]"
check "an engagement item in the group-buy column" "$SOPDECK" schedule --group VIP客服群 \
	--date 2026-03-02 --slot 11:00 --content 1
same "warns against that playbook's column" "$("$SOPDECK" calendar --json --group VIP客服群 --week 2026-W10 | py "[c['warnings'] for c in d['groups'][0]['cells'] if c['action'] == 'mon-deal'][0]")" "['category']"
columns() { # GROUP: the Monday 栏目 of the group's whole-grid export
	"$SOPDECK" export calendar --format csv --week 2026-W10 --with-empty --group "$1" |
		python3 -c "
import csv, sys
print(sorted({r['栏目'] for r in csv.DictReader(sys.stdin.read().lstrip('\ufeff').splitlines()) if r['日期'] == '2026-03-02' and r['栏目'].startswith('周一')}))"
}
same "the export lists the group-buy column for the group on 团购SOP" "$(columns VIP客服群)" "['周一团购开团']"
same "and the industry brief for a group on the default" "$(columns "$G")" "['周一行业早报']"
check "copy the group-buy week forward" "$SOPDECK" schedule --group VIP客服群 --copy-week 2026-W11
same "the group-buy column is copied to next Monday" "$("$SOPDECK" calendar --json --group VIP客服群 --week 2026-W11 | py "[(c['date'], c['slot']['content_id']) for c in d['groups'][0]['cells'] if c['action'] == 'mon-deal' and c['slot']]")" "[('2026-03-09', 1)]"
same "the month counts each group's own Monday columns" "$("$SOPDECK" calendar --json --group VIP客服群 --month 2026-03 | py "[(x['due'], x['filled']) for x in d['days'] if x['date'] == '2026-03-09'][0][1]")" "1"
