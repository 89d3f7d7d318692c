#!/bin/sh
# The Calendar tab end to end in tmux at 80x24: the week grid, moving the
# cursor, filling a slot from the library picker with a Chinese search, clearing
# it, moving a slot, undo, the next week, the month view; every line fits 80 columns.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/cal.db
DAY=2026-03-04
RUN="$SOPDECK --db $DB --today $DAY --operator tester"
G=宝妈成长营

check "import groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"
check "import content" $RUN import content "$FIXTURES/content.csv"
# A slot to move later: Friday 08:30.
check "schedule a placeholder" $RUN schedule --group "$G" --date 2026-03-06 --slot 08:30 --topic 周五早安图 --owner 小林

slot() { # DATE TIME: the slot of $G as "content_id|topic" or "none"
	$RUN calendar --json --group "$G" --week 2026-W10 | python3 -c "
import json, sys
d = json.load(sys.stdin)
c = [c for c in d['groups'][0]['cells'] if c['date'] == '$1' and c['time'] == '$2']
s = c[0]['slot'] if c else None
print('none' if s is None else '%s|%s' % (s['content_id'], s['topic']))"
}
same() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi; }

# widths: every screen line is at most 80 display columns (CJK = 2).
widths() {
	screen | python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
print(max(w(l.rstrip('\n')) for l in sys.stdin))"
}

tmux_start 80 24 "$RUN"
see "the console starts" "1 Today"
keys 2
see "the calendar shows the ISO week" "2026-W10"
see "the day header" "周三03-04"
see "the mix line" "配比"
see "groups are listed with headers" "▸ VIP客服群"
if [ "$(widths)" -le 80 ]; then ok "fits 80 columns"; else not_ok "fits 80 columns" "$(screen)"; fi

# One group only: f cycles all -> Fit健身打卡A群 -> VIP客服群 -> 宝妈成长营.
keys f f f
see "one group shown" "03-08  $G"
# The cursor starts on Wednesday (today) 08:30; move right and back: Thursday, then Wednesday.
keys l
see "cursor moved to Thursday" "$G 03-05 08:30"
keys h
see "cursor back on Wednesday" "$G 03-04 08:30"

# Fill from the picker, searching in Chinese.
keys Enter
see "the picker opens" "从素材库选择"
keys "辅食"
see "the search narrows to the Chinese item" "(1 条)"
keys Enter
see "the slot is filled" "已排入：宝宝辅食添加的三个误区"
same "the database has it" "$(slot 2026-03-04 08:30)" "1|"
see "the cell shows the title" "宝宝辅食"

# Clear it.
keys x
see "cleared" "已清空"
same "the slot is empty" "$(slot 2026-03-04 08:30)" "none"

# Move Friday's placeholder to Thursday 10:00: go to Friday, M, go to Thursday 10:00, Enter.
keys l l
see "on Friday" "$G 03-06 08:30"
keys M
see "move mode" "[移动"
keys h j j
see "target Thursday 10:00" "$G 03-05 10:00"
keys Enter
see "moved" "已移动"
same "the placeholder left Friday" "$(slot 2026-03-06 08:30)" "none"
same "and arrived on Thursday" "$(slot 2026-03-05 10:00)" "None|周五早安图"

# Undo the move.
keys u
see "undone" "undone: move"
same "undo put it back" "$(slot 2026-03-06 08:30)" "None|周五早安图"

# Next week, then a typed ISO week, then the month view.
keys ]
see "next week" "2026-W11"
keys g
see "the go-to prompt" "跳转到"
keys "2026-W12" Enter
see "went to W12" "2026-W12"
keys m
see "the month view" "2026-03 月视图"
see "node countdowns" "节点倒计时"
see "an unplanned node is flagged" "! 2026-03-08 女王节 还有 4 天"
keys Escape
see "back to the week" "2026-W12"
if [ "$(widths)" -le 80 ]; then ok "still fits 80 columns"; else not_ok "still fits 80 columns" "$(screen)"; fi
keys q
see "quits cleanly" "__EXITED__ 0"
