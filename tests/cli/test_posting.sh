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
same "an action without a template: its title" "$(text "$G" knowledge)" "干货/知识分享 (knowledge post)"
check "schedule content on the morning slot" "$SOPDECK" schedule --group "$G" --date 2026-03-04 \
	--slot 08:30 --content 1
same "content scheduled: the text is its body" "$(text "$G" morning)" "太早加盐，只喂米糊
一次加好几种"
check "a placeholder topic on the knowledge slot" "$SOPDECK" schedule --group "$G" \
	--date 2026-03-04 --slot 10:00 --topic "辅食过敏怎么办"
same "a placeholder has no body: the title stays the text" "$(text "$G" knowledge)" \
	"干货/知识分享 (knowledge post)"
