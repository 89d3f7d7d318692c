#!/bin/sh
# Copy exactly what gets posted (issue 12) in the console, in tmux: Enter shows the
# action's one text with the scheduled content's title, form and status above it,
# `y` copies only the text (the OSC 52 payload is read back and decoded), the discard
# questions of the Library forms, redo in the calendar, the calendar legend.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/p.db
DAY=2026-03-04
RUN="$SOPDECK --db $DB --today $DAY --operator tester"
G=宝妈育儿交流群

printf '%s\n' "- {name: $G, platform: wecom, type: segmented, created: 2026-03-02, owner: 林小雨}" \
	>"$TEST_TMP/groups.yaml"
check "import one group" $RUN import groups "$TEST_TMP/groups.yaml"
check "import content" $RUN import content "$FIXTURES/content.csv"
check "schedule content 1 on the morning slot" $RUN schedule --group $G --date $DAY \
	--slot 08:30 --content 1

# osc52_payload FILE: the decoded text of the last OSC 52 sequence in FILE.
osc52_payload() {
	python3 - "$1" <<'PY'
import base64, re, sys
data = open(sys.argv[1], 'rb').read()
m = re.findall(rb'\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)', data)
sys.stdout.write(base64.b64decode(m[-1]).decode('utf-8') if m else '<no OSC 52>')
PY
}
# copy_and_read NAME WANT: press y with the pane piped to a file; the payload must be WANT.
copy_and_read() {
	rm -f "$TEST_TMP/pane.out"
	tmux_cmd pipe-pane -t t -o "cat >>'$TEST_TMP/pane.out'"
	keys y
	wait_for "copied" >/dev/null
	end=$(($(date +%s) + 10))
	while [ "$(osc52_payload "$TEST_TMP/pane.out" 2>/dev/null)" != "$2" ] &&
		[ "$(date +%s)" -le "$end" ]; do
		sleep 0.05
	done
	tmux_cmd pipe-pane -t t
	got=$(osc52_payload "$TEST_TMP/pane.out")
	if [ "$got" = "$2" ]; then ok "$1"; else not_ok "$1" "got:  $got" "want: $2"; fi
}

# ---- 1-2. the text: Enter shows it under the content's head, y copies only it ----
tmux_start 100 30 "$RUN"
see "the console shows the morning item with its content" "▸ 宝宝辅食添加的三个误区"
keys g Enter
see "Enter: the content's title, form and status above the text" \
	"scheduled content: 宝宝辅食添加的三个误区 · text · planned"
see "Enter: the content's body is the text" "一次加好几种"
if screen | grep -qF "早安☀️"; then
	not_ok "the template is not shown when content is scheduled" "$(screen)"
else ok "the template is not shown when content is scheduled"; fi
copy_and_read "y in the text copies only the body (OSC 52 read back)" "太早加盐，只喂米糊
一次加好几种"
keys Escape
wait_gone "scheduled content" >/dev/null
# The evening 福利推送 (the last item) has no content: its template, no raw {node}.
keys G Enter
see "an item without content: its template filled in" "🔥【今日专属福利】宝妈育儿交流群群友专享！"
copy_and_read "y copies the filled template" "🔥【今日专属福利】宝妈育儿交流群群友专享！
专属福利仅限今晚 24 点，点击小程序即可锁定优惠！前 50 名下单加赠定制礼品～"
keys Escape
wait_gone "🔥【今日" >/dev/null
# Tick the morning item: its content is posted (for the archive below).
keys g Space
see "ticking posts the content" "▸ 宝宝辅食添加的三个误区·posted"
keys q
see "q quits" "__EXITED__ 0"
tmux_stop

# ---- 3. forms ask before discarding; deleting a posted item archives it ----
tmux_start 80 24 "EDITOR= $RUN"
see "the console starts again" "Today 20"
keys 3
see "3 opens the Library" "Library "
keys /
keys "辅食添加"
keys Enter
see "the posted item" "Library 1 items"
keys e
see "e opens the form" "edit item"
keys Enter C-u
keys "改过的标题"
keys Enter
see "the field shows the typed title" "改过的标题"
keys Escape
see "Esc with a change asks" "discard changes? y/n"
keys n
see "n goes back to editing" "still editing"
if screen | grep -qF "改过的标题"; then ok "the typed title is still there"; else
	not_ok "the typed title is still there" "$(screen)"; fi
keys Escape
see "asked again" "discard changes? y/n"
keys y
see "y discards" "not saved"
n=$($RUN content --json | python3 -c "import json,sys; print(sum(i['title']=='改过的标题' for i in json.load(sys.stdin)['items']))")
if [ "$n" = 0 ]; then ok "nothing was saved"; else not_ok "nothing was saved" "$n"; fi
# The built-in body editor asks too.
keys e
see "the form again" "edit item"
keys k Enter
see "the built-in editor opens" "body (^D done · Esc cancel)"
keys "追加一句"
see "typing shows" "追加一句"
keys Escape
see "Esc in the editor with typed text asks" "discard changes? y/n"
keys n
if wait_for "still editing" && screen | grep -qF "追加一句"; then ok "n keeps the typed text"; else
	not_ok "n keeps the typed text" "$(screen)"; fi
keys Escape
see "asked again in the editor" "discard changes? y/n"
keys y
see "y drops it: back in the form" "Enter edits · w saves"
keys Escape
see "an unchanged form closes without a question" "not saved"
if screen | grep -qF "放弃修改"; then not_ok "no question for an unchanged form" "$(screen)"
else ok "no question for an unchanged form"; fi
keys d
see "d on a posted item says it will be archived" "past or posted slots: 1; the item is archived"
keys y
see "y archives it" "past ones kept): 宝宝辅食添加的三个误区"
ids=$($RUN content --archived --json | python3 -c "import json,sys; print([i['id'] for i in json.load(sys.stdin)['items']])")
if [ "$ids" = "[1]" ]; then ok "content --archived lists it"; else not_ok "content --archived lists it" "$ids"; fi
keys q
see "q quits the Library run" "__EXITED__ 0"
tmux_stop

# ---- calendar: redo beside undo, the legend (the label column: test_calendar.sh) ----
check "schedule a topic to undo in the console" $RUN schedule --group $G --date $DAY --slot 10:00 \
	--topic 春季过敏
tmux_start 160 40 "$RUN"
see "160 columns: the console" "Today 20"
keys 2
see "2 opens the Calendar" "mix  "
keys u
see "u undoes" "undone:"
if $RUN calendar --json | grep -qF 春季过敏; then not_ok "undone in the database"; else
	ok "undone in the database"; fi
keys U
see "U redoes" "redone:"
if $RUN calendar --json | grep -qF 春季过敏; then ok "redone in the database"; else
	not_ok "redone in the database" "$($RUN calendar --json | head -c 500)"; fi
keys i
see "i shows the legend" "legend (any key"
see "the legend has the posted mark" "●       status posted"
keys Escape '?'
see "? lists every status mark" "status: ● posted ✓ reviewed ✎ drafted ○ planned"
see "? lists · and !" "· to fill  ! warning (the detail line says which)"
keys Escape q
see "q quits the calendar run" "__EXITED__ 0"
tmux_stop
