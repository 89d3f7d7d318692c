#!/bin/sh
# The mouse (issue 15) through tmux: the xterm SGR mouse reports (ESC [ < b ; x ; y M/m,
# what ncurses reads for TERM=xterm-256color's kmous) typed into the pane as they are.
# A click on a tab switches to it, a click on a row selects it (Today, Library, KPI, Log,
# Review), a click on a Calendar cell selects that cell, the wheel scrolls; --no-mouse
# and `mouse: false` turn it off.
. "$(dirname "$0")/../lib.sh"
# Its markers are the Chinese interface's (lib.sh sets English for the older suites).
export SOPDECK_LANG=zh

DB=$TEST_TMP/m.db
DAY=2026-03-04
RUN="$SOPDECK --db $DB --today $DAY --operator tester"
check "import the e2e playbook" $RUN import playbook "$FIXTURES/e2e-playbook.yaml"
check "import the e2e groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"
check "import content" $RUN import content "$FIXTURES/content.yaml"

# pos TEXT: "X Y" (1-based, display columns: CJK is two) of TEXT's first character on screen.
pos() {
	screen | python3 -c '
import sys, unicodedata
want = sys.argv[1]
for y, line in enumerate(sys.stdin.read().split("\n")):
    i = line.find(want)
    if i >= 0:
        x = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:i])
        print(x + 1, y + 1)
        break' "$1"
}
# click X Y: button 1 pressed and released there.
click() { keys -l "$(printf '\033[<0;%s;%sM\033[<0;%s;%sm' "$1" "$2" "$1" "$2")"; }
# click_on TEXT [DX]: click DX columns into TEXT (default 1) where it shows.
click_on() {
	p=$(pos "$1")
	if [ -z "$p" ]; then echo "# '$1' is not on the screen" >&2; return 1; fi
	set -- "${p% *}" "${p#* }" "${2:-1}"
	click $(($1 + $3)) "$2"
}
# wheel up|down X Y: one notch of the wheel.
wheel() { b=64; [ "$1" = down ] && b=65; keys -l "$(printf '\033[<%s;%s;%sM' "$b" "$2" "$3")"; }

tmux_start 80 24 "$RUN"
see "the console starts on Today" "今日清单"

# ---- tabs ----
click_on "2 日历"
see "a click on the Calendar tab switches to it" "配比  促活型"
click_on "1 今日"
see "a click on the Today tab comes back" "今日清单"

# ---- the wheel: the cursor (on the first group's 08:30 早安问候) three items down ----
wheel down 40 10
keys Space
see "wheel down moved the cursor three rows (Space ticks 19:00)" "已勾选：会员日倒计时提醒"
wheel up 40 10
keys Space
see "wheel up moved it back (Space ticks 08:30)" "已勾选：早安问候"

# ---- a click on a row: VIP客服群's 15:00 item (the second 互动话题 row) ----
p=$(screen | python3 -c '
import sys
lines = sys.stdin.read().split("\n")
vip = [i for i, l in enumerate(lines) if "VIP客服群" in l][0]
row = [i for i, l in enumerate(lines) if i > vip and "15:00" in l][0]
print(row + 1)')
click 20 "$p"
keys Space
see "a click selects the row (Space ticks it)" "已勾选：互动话题"
if screen | grep -A4 "VIP客服群" | grep -qE '\[x\] 15:00'; then ok "...in VIP客服群, the row clicked"
else not_ok "...in VIP客服群, the row clicked" "$(screen)"; fi
click_on "VIP客服群"
keys Space
see "a click on a group's header leaves the cursor (Space unticks 15:00)" "已取消勾选：互动话题"

# ---- Calendar: a cell ----
click_on "2 日历"
see "Calendar again" "周六03-07"
# The first group's 08:30 row is the first 08:30 row; Saturday's column starts under 周六03-07.
x=$(pos "周六03-07" | cut -d' ' -f1)
y=$(pos "08:30" | cut -d' ' -f2)
click $((x + 1)) "$y"
see "a click on a cell selects it: the detail line says Saturday 08:30" "03-07 08:30 · 早安问候"
x=$(pos "周一03-02" | cut -d' ' -f1)
y=$(pos "10:00" | cut -d' ' -f2)
click $((x + 2)) "$y"
see "another cell: Monday 10:00" "03-02 10:00 · 干货分享"

# ---- Library: a row, then Enter opens that item ----
click_on "3 素材库"
see "Library" "素材库 2 条"
click_on "早安问候｜新的一周" 2
keys Enter
see "the item clicked opens" "早安问候｜新的一周"
if ! screen | grep -qF "直播预告：周三晚"; then ok "...the other item is not shown"; else
	not_ok "...the other item is not shown" "$(screen)"; fi
keys Escape

# ---- KPI: the overview's row ----
click_on "4 数据"
see "KPI" "数据看板 KPI"
click_on "宝妈成长营"
see "a click moves the KPI cursor (▸) to that group" "▸ 宝妈成长营"

# ---- Log: a row, then Enter shows that entry ----
click_on "5 日志"
see "Log" "操作记录 · 全部"
click_on "import groups"
keys Enter
see "the entry clicked opens" "操作记录详情"
keys Escape

# ---- Review: a group's row, then feedback added to it ----
click_on "6 复盘"
see "Review" "复盘 Review"
click_on "宝妈成长营"
keys a 1
see "feedback: the quadrant" "反馈内容"
keys "要更多辅食食谱" Enter
if wait_for "宝妈成长营           1/1"; then ok "the feedback went to the group clicked"; else
	not_ok "the feedback went to the group clicked" "$(screen)"; fi

# ---- help: a click closes it ----
keys '?'
see "help open" "到处可用"
see "help names the mouse" "点选标签、行或格子"
click 40 12
wait_gone "到处可用" && ok "a click closes the help" || not_ok "a click closes the help" "$(screen)"
keys q
see "quit" "__EXITED__ 0"
tmux_stop

# ---- off: --no-mouse, and mouse: false in the config file ----
tmux_start 80 24 "$RUN --no-mouse"
see "--no-mouse: Today" "今日清单"
click_on "2 日历"
# The click is dropped: the next key still finds Today (its help), not Calendar.
keys '?'
see "--no-mouse: a click on a tab does nothing" "勾选 / 取消勾选（记下你的名字）"
if ! screen | grep -qF "click a tab, a row"; then ok "--no-mouse: the help does not offer the mouse"
else not_ok "--no-mouse: the help does not offer the mouse" "$(screen)"; fi
keys Escape q
see "quit" "__EXITED__ 0"
tmux_stop

mkdir -p "$XDG_CONFIG_HOME/sopdeck"
printf 'mouse: false\n' >"$XDG_CONFIG_HOME/sopdeck/config.yaml"
tmux_start 80 24 "$RUN"
see "mouse: false: Today" "今日清单"
click_on "2 日历"
keys '?'
see "mouse: false: a click on a tab does nothing" "勾选 / 取消勾选（记下你的名字）"
keys Escape q
see "quit" "__EXITED__ 0"
tmux_stop
