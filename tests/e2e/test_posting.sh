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
	"排期内容：宝宝辅食添加的三个误区 · 图文 · 计划"
see "Enter: the content's body is the text" "一次加好几种"
if screen | grep -qF "早安☀️"; then
	not_ok "the template is not shown when content is scheduled" "$(screen)"
else ok "the template is not shown when content is scheduled"; fi
copy_and_read "y in the text copies only the body (OSC 52 read back)" "太早加盐，只喂米糊
一次加好几种"
keys Escape
wait_gone "排期内容" >/dev/null
# The evening 福利推送 (the last item) has no content: its template, no raw {node}.
keys G Enter
see "an item without content: its template filled in" "🔥【今日专属福利】宝妈育儿交流群群友专享！"
copy_and_read "y copies the filled template" "🔥【今日专属福利】宝妈育儿交流群群友专享！
专属福利仅限今晚 24 点，点击小程序即可锁定优惠！前 50 名下单加赠定制礼品～"
keys Escape
wait_gone "🔥【今日" >/dev/null
