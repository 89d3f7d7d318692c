#!/bin/sh
# Copy exactly what gets posted, never lose an operator's work (issue 12), from the
# command line: the one text of every action in `today --json`, untick restoring the
# slot's status, archive instead of delete, content add|edit|delete|archive, schedule
# --redo, KPI rows that contradict themselves, calendar exports of filled slots.
. "$(dirname "$0")/../lib.sh"

py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# text GROUP ACTION: the "text" of that group's action in `today --json`.
text() {
	"$SOPDECK" today --json | py "[a['text'] for g in d['groups'] if g['name']=='$1' for a in g['actions'] if a['action']=='$2'][0]"
}
# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi
}
G=宝妈育儿交流群

check "import groups" "$SOPDECK" import groups "$FIXTURES/groups.yaml"
check "import content" "$SOPDECK" import content "$FIXTURES/content.csv"

# ---- 1. the text ----
"$SOPDECK" today --json >"$TEST_TMP/today.json"
missing=$(py "[a['id'] for g in d['groups'] for a in g['actions'] if not a.get('text')]" <"$TEST_TMP/today.json")
same "today --json: every item has a text" "$missing" "[]"
raw=$(py "[a['text'] for g in d['groups'] for a in g['actions'] if '{' in a['text'] or '}' in a['text']]" <"$TEST_TMP/today.json")
same "today --json: no text carries a {placeholder}" "$raw" "[]"
t=$(text "$G" perks)
case "$t" in "🔥【今日专属福利】宝妈育儿交流群群友专享！"*) ok "福利推送 without a node: {node|今日}";;
	*) not_ok "福利推送 without a node: {node|今日}" "$t";; esac
t=$(text "$G" morning)
same "the morning template writes the date as an operator does" "$t" \
	"早安☀️ 3月4日，新的一天从宝妈育儿交流群开始！今天也要元气满满哦～"
same "an action without a template: its title" "$(text "$G" knowledge)" "干货/知识分享"
check "schedule content on the morning slot" "$SOPDECK" schedule --group "$G" --date 2026-03-04 \
	--slot 08:30 --content 1
same "content scheduled: the text is its body" "$(text "$G" morning)" "太早加盐，只喂米糊
一次加好几种"
check "a placeholder topic on the knowledge slot" "$SOPDECK" schedule --group "$G" \
	--date 2026-03-04 --slot 10:00 --topic "辅食过敏怎么办"
same "a placeholder has no body: the title stays the text" "$(text "$G" knowledge)" \
	"干货/知识分享"

# ---- 3. nothing lost: untick puts the slot's status back ----
# slot FIELD GROUP ACTION [DAY]: a field of the action's slot in `today --json` ("None" = no slot).
slot() {
	"$SOPDECK" --today "${4:-2026-03-04}" today --json | py "[(a['slot'] or {}).get('$1') for g in d['groups'] if g['name']=='$2' for a in g['actions'] if a['action']=='$3'][0]"
}
ID=$("$SOPDECK" today --json | py "[a['id'] for g in d['groups'] if g['name']=='$G' for a in g['actions'] if a['action']=='morning'][0]")
check "review the morning content" "$SOPDECK" schedule --group "$G" --date 2026-03-04 --slot 08:30 \
	--status reviewed
check "tick the morning item" "$SOPDECK" tick "$ID"
same "the tick posts the slot" "$(slot status "$G" morning)" "posted"
check "untick it" "$SOPDECK" untick "$ID"
same "untick puts back the status it had before the tick" "$(slot status "$G" morning)" "reviewed"
check "a slot already posted before the tick" "$SOPDECK" schedule --group "$G" --date 2026-03-04 \
	--slot 08:30 --status posted
check "tick again" "$SOPDECK" tick "$ID"
check "untick again" "$SOPDECK" untick "$ID"
same "untick leaves a slot that was posted before the tick posted" \
	"$(slot status "$G" morning)" "posted"

# ---- archive instead of delete ----
check "schedule content 1 again on Friday" "$SOPDECK" schedule --group "$G" --date 2026-03-06 \
	--slot 08:30 --content 1
expect_status "delete of a posted item with a plan ahead asks first" 1 "$SOPDECK" content delete 1
contains "the question lists the slot it would clear" "$TEST_TMP/last.err" \
	"2026-03-06 Fri 08:30  $G"
contains "and says how to go ahead" "$TEST_TMP/last.err" "--yes"
same "nothing changed without --yes" "$(slot content_id "$G" morning 2026-03-06)" "1"
check "delete --yes" "$SOPDECK" content delete 1 --yes
contains "a posted item is archived, not deleted" "$TEST_TMP/last.out" "archived #1"
same "the posted slot stays" "$(slot content_id "$G" morning)" "1"
same "its text is still the body" "$(text "$G" morning)" "太早加盐，只喂米糊
一次加好几种"
same "the plan ahead is cleared" "$(slot content_id "$G" morning 2026-03-06)" "None"
ids=$("$SOPDECK" content --json | py "sorted(i['id'] for i in d['items'])")
case "$ids" in "[1,"*|*" 1,"*|*" 1]") not_ok "the archived item leaves the library list" "$ids";;
	*) ok "the archived item leaves the library list";; esac
same "content --archived lists it" \
	"$("$SOPDECK" content --archived --json | py "[i['id'] for i in d['items']]")" "[1]"
check "delete an item never posted (no slots)" "$SOPDECK" content delete 3
contains "it is deleted" "$TEST_TMP/last.out" "deleted #3"
expect_status "it is gone" 1 "$SOPDECK" content edit 3 --title x
same "the audit log has the archive" \
	"$("$SOPDECK" log --kind content-archive --json | py "len(d)")" "1"

# ---- content add | edit | archive on the command line ----
check "content add" "$SOPDECK" content add --title "新品试用招募" --category 转化型 --form 图文 \
	--tags "试用、新品" --body "前 20 名报名送试用装"
NEW=$(sed -n 's/^added #\([0-9]*\) .*/\1/p' "$TEST_TMP/last.out")
same "add: stored with the category key, form and tags" \
	"$("$SOPDECK" content --search 新品试用 --json | py "[(i['category'], i['form'], i['tags'], i['body']) for i in d['items']]")" \
	"[('convert', 'text', ['试用', '新品'], '前 20 名报名送试用装')]"
check "content edit changes only what is given" "$SOPDECK" content edit "$NEW" --body "前 30 名报名送试用装"
same "edit: the body changed, the title stayed" \
	"$("$SOPDECK" content --search 新品试用 --json | py "[(i['title'], i['body']) for i in d['items']]")" \
	"[('新品试用招募', '前 30 名报名送试用装')]"
expect_status "content add without a title is a usage error" 2 "$SOPDECK" content add --body x
expect_status "content edit with an unknown form is a usage error" 2 "$SOPDECK" content edit "$NEW" --form 漫画
check "content archive" "$SOPDECK" content archive "$NEW"
same "archived: not in the list" "$("$SOPDECK" content --search 新品试用 --json | py "d['count']")" "0"
check "content archive --restore" "$SOPDECK" content archive "$NEW" --restore
same "restored: back in the list" "$("$SOPDECK" content --search 新品试用 --json | py "d['count']")" "1"

# ---- schedule --redo ----
check "schedule a topic" "$SOPDECK" schedule --group "$G" --date 2026-03-05 --slot 10:00 --topic 春季过敏
check "undo it" "$SOPDECK" schedule --undo
same "undone: the slot is empty" "$(slot topic "$G" knowledge 2026-03-05)" "None"
check "redo it" "$SOPDECK" schedule --redo
contains "redo says what" "$TEST_TMP/last.out" "redone:"
same "redone: the topic is back" "$(slot label "$G" knowledge 2026-03-05)" "春季过敏"
check "undo after redo" "$SOPDECK" schedule --undo
same "undone again" "$(slot label "$G" knowledge 2026-03-05)" "None"
check "a new change" "$SOPDECK" schedule --group "$G" --date 2026-03-05 --slot 10:00 --topic 换季护肤
expect_status "a new change ends redo" 1 "$SOPDECK" schedule --redo
contains "nothing to redo" "$TEST_TMP/last.err" "nothing to redo"
same "the new change stands" "$(slot label "$G" knowledge 2026-03-05)" "换季护肤"

# Undo's message follows the language (issue 15); the audit keeps the English sentence.
check "mark the slot drafted" "$SOPDECK" schedule --group "$G" --date 2026-03-05 --slot 10:00 \
	--status drafted
check "undo in Chinese" "$SOPDECK" --lang zh schedule --undo
contains "zh: the undone status change in Chinese" "$TEST_TMP/last.out" \
	"已撤销：将 $G 2026-03-05 10:00 标为初稿"
lacks "zh: no English verb left" "$TEST_TMP/last.out" "drafted"
check "redo in Chinese" "$SOPDECK" --lang zh schedule --redo
contains "zh: redo in Chinese" "$TEST_TMP/last.out" "已重做：将 $G 2026-03-05 10:00 标为初稿"
check "undo in English" "$SOPDECK" --lang en schedule --undo
contains "en: the undone status change in English" "$TEST_TMP/last.out" \
	"undone: mark $G 2026-03-05 10:00 drafted"
check "move the topic to the next day" "$SOPDECK" schedule --group "$G" --date 2026-03-05 \
	--slot 10:00 --move-to-date 2026-03-06
check "undo the move in Chinese" "$SOPDECK" --lang zh schedule --undo
contains "zh: the move names both slots, in Chinese" "$TEST_TMP/last.out" \
	"已撤销：移动 $G 2026-03-05 10:00 到 $G 2026-03-06 10:00"
check "log --kind schedule-undo" "$SOPDECK" --lang zh log --kind schedule-undo --json
contains "the audit's detail stays English" "$TEST_TMP/last.out" \
	"undo move $G 2026-03-05 10:00 to $G 2026-03-06 10:00"
# A batch written by an older sopdeck holds its English sentence: shown as it is.
check "redo the move" "$SOPDECK" schedule --redo
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE slot_undo SET what = ? WHERE batch = (SELECT max(batch) FROM slot_undo)", ("move 旧描述 2026-03-05 10:00",)); c.commit()' "$SOPDECK_DB"
check "undo an older batch in Chinese" "$SOPDECK" --lang zh schedule --undo
contains "an older batch's sentence as stored" "$TEST_TMP/last.out" "已撤销：move 旧描述 2026-03-05 10:00"

# ---- 4. one truth for KPIs: contradicting counters, impossible rates ----
printf '%s\n' '日期,群名,群成员数,发过消息的群成员数,退群成员数,推送触达数,打开数' \
	"2026-03-02,$G,50,20,1,50,12" \
	"2026-03-03,$G,50,80,1,50,12" \
	"2026-03-03,职场穿搭研究所,200,30,2,100,130" >"$TEST_TMP/kpi-bad.csv"
expect_status "KPI rows that contradict themselves are refused" 1 "$SOPDECK" import kpi "$TEST_TMP/kpi-bad.csv"
contains "the speakers row is named by its line" "$TEST_TMP/last.err" \
	"kpi-bad.csv:3: counters contradict each other: 发过消息的群成员数 80 is above 群成员数 50"
contains "the opens row is named by its line" "$TEST_TMP/last.err" \
	"kpi-bad.csv:4: counters contradict each other: 打开数 130 is above 推送触达数 100"
lacks "the good row is not blamed" "$TEST_TMP/last.err" "kpi-bad.csv:2:"
same "nothing was imported" "$("$SOPDECK" kpi --group "$G" --json | py "d['groups'][0]['metrics']['speaker_rate']['value']")" "None"
check "--partial imports the good rows" "$SOPDECK" import kpi --partial "$TEST_TMP/kpi-bad.csv"
contains "--partial says it skipped 2 rows" "$TEST_TMP/last.out" "skipped 2 bad rows"
contains "--partial notes the contradicting row" "$TEST_TMP/last.out" \
	"skipped $TEST_TMP/kpi-bad.csv:3: counters contradict each other"
same "the good row's speakers are in" \
	"$("$SOPDECK" kpi --group "$G" --json | py "d['groups'][0]['metrics']['speaker_rate']['value']")" "40"
printf '%s\n' '日期,群名,群成员数,新增群成员数,首周留存人数' "2026-03-02,$G,50,30,34" \
	"2026-03-03,$G,50,23,30" >"$TEST_TMP/kpi-retention.csv"
check "import a retention above 100%" "$SOPDECK" import kpi "$TEST_TMP/kpi-retention.csv"
"$SOPDECK" kpi --group "$G" --json >"$TEST_TMP/kpi.json"
same "120.8% retention is shown as it is" \
	"$(py "d['groups'][0]['metrics']['week1_retention']['display']" <"$TEST_TMP/kpi.json")" "120.8%"
same "a rate above 100% is never ok" \
	"$(py "d['groups'][0]['metrics']['week1_retention']['status']" <"$TEST_TMP/kpi.json")" "warn"

# ---- 5. calendar exports: filled slots only unless --with-empty; --with-body ----
rows() { python3 -c "import csv,sys; r=list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''))); print(len(r) - 1)" "$1"; }
check "export csv" "$SOPDECK" export calendar --format csv --week 2026-W10 -o "$TEST_TMP/f.csv"
same "only the 3 filled slots are listed" "$(rows "$TEST_TMP/f.csv")" "3"
check "export csv --with-empty" "$SOPDECK" export calendar --format csv --week 2026-W10 \
	--with-empty -o "$TEST_TMP/e.csv"
n=$(rows "$TEST_TMP/e.csv")
if [ "$n" -gt 40 ]; then ok "--with-empty lists every fillable slot ($n)"; else
	not_ok "--with-empty lists every fillable slot" "$n rows"; fi
check "export csv --with-body" "$SOPDECK" export calendar --format csv --week 2026-W10 \
	--with-body -o "$TEST_TMP/b.csv"
same "--with-body adds the text to post" "$(python3 - "$TEST_TMP/b.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
print(len(rows), repr([r['正文'] for r in rows if r['时间'] == '08:30'][0]))
PY
)" "3 '太早加盐，只喂米糊\\n一次加好几种'"
check "export md --with-body" "$SOPDECK" export calendar --format md --week 2026-W10 --with-body \
	-o "$TEST_TMP/b.md"
contains "Markdown: the body on one table line" "$TEST_TMP/b.md" "太早加盐，只喂米糊<br>一次加好几种 |"
same "Markdown: 3 rows" "$(grep -c '^| 2026-' "$TEST_TMP/b.md")" "3"
lacks "without --with-body no text column" "$TEST_TMP/f.csv" "正文"
check "export ics --with-body" "$SOPDECK" export calendar --format ics --week 2026-W10 --with-body \
	-o "$TEST_TMP/b.ics"
same "iCalendar: the body in the description" "$(python3 - "$TEST_TMP/b.ics" <<'PY'
import sys
text = open(sys.argv[1], encoding='utf-8', newline='').read().replace('\r\n ', '')
print('太早加盐，只喂米糊\\n一次加好几种' in text, text.count('BEGIN:VEVENT'))
PY
)" "True 3"
# A template action scheduled with a topic: --with-body writes the filled template.
check "a topic on the 福利推送 slot" "$SOPDECK" schedule --group "$G" --date 2026-03-04 --slot 20:00 \
	--topic 晚间秒杀
"$SOPDECK" export calendar --format csv --week 2026-W10 --with-body -o "$TEST_TMP/t.csv"
contains "the topic's text is the filled template, no raw {node}" "$TEST_TMP/t.csv" \
	"🔥【今日专属福利】宝妈育儿交流群群友专享！"
