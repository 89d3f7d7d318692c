#!/bin/sh
# Today's `/` filter (group name, owner, action title; case and full width folded; Chinese)
# and `!`, the next overdue item (wraps; "no overdue item" when none), in tmux at 80x24.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/f.db
DAY=2026-03-04    # before the real today: every item left undone is overdue
RUN="$SOPDECK --db $DB --operator tester"
check "import the e2e playbook" $RUN import playbook "$FIXTURES/e2e-playbook.yaml"
check "import the e2e groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"

# shown TEXT: is TEXT on the screen now (after a wait_for of something else settled it)?
shown() { screen | grep -qF -- "$1"; }

tmux_start 80 24 "$RUN --today $DAY"
see "the checklist is up" "宝妈成长营"

# ---- / by group name, in Chinese ----
keys /
see "/ opens the filter's input line" "(Enter keeps, Esc clears)"
keys 宝妈
see "the header says the filter and what it lets through" "filter /宝妈: 6/18 items"
if shown "宝妈成长营" && ! shown "Fit健身打卡A群" && ! shown "VIP客服群"; then
	ok "only the matching group stays"; else not_ok "only the matching group stays" "$(screen)"; fi
keys Enter
wait_gone "(Enter keeps, Esc clears)" && ok "Enter closes the input line" ||
	not_ok "Enter closes the input line" "$(screen)"
if shown "filter /宝妈: 6/18 items"; then ok "...and keeps the filter in the header"; else
	not_ok "...and keeps the filter in the header" "$(screen)"; fi
keys q
see "keys work again once the line is closed: q quits" "__EXITED__ 0"
tmux_stop

tmux_start 80 24 "$RUN --today $DAY"
see "the checklist is up again" "宝妈成长营"
keys / 宝妈 Enter
see "filtered again" "filter /宝妈"
keys Escape
see "Esc clears a kept filter" "filter cleared"
if wait_for "3 groups" && shown "Fit健身打卡A群" && shown "VIP客服群"; then
	ok "every group is back"; else not_ok "every group is back" "$(screen)"; fi

# ---- by owner (阿杰 owns VIP客服群), Esc while typing clears ----
keys / 阿杰
see "an owner's name finds the group" "filter /阿杰: 6/18 items"
if shown "VIP客服群" && ! shown "宝妈成长营"; then ok "...only 阿杰's group"; else
	not_ok "...only 阿杰's group" "$(screen)"; fi
keys Escape
if wait_gone "filter /" && wait_for "3 groups"; then ok "Esc while typing clears and closes"; else
	not_ok "Esc while typing clears and closes" "$(screen)"; fi

# ---- by action title: case-insensitive, full-width letters too ----
keys / TIPS
see "upper case finds 'Tips' in every group" "filter /TIPS: 3/18 items"
if ! shown "早安问候"; then ok "other actions are hidden"; else not_ok "other actions are hidden" "$(screen)"; fi
keys C-u ｔｉｐｓ
see "full-width letters (a Chinese input method) find it too" "filter /ｔｉｐｓ: 3/18 items"
keys C-u 早安
see "a Chinese action title" "filter /早安: 3/18 items"
keys C-u zzz
see "nothing matches: said" "Nothing matches the filter"
keys Escape
see "cleared" "3 groups"

# ---- ! next overdue item ----
# The cursor starts on the first group's (pinyin order: 宝妈成长营) 08:30 早安问候; tick it,
# then ! skips it.
keys Space
see "first item ticked" "ticked: 早安问候"
keys !
see "! goes to the next overdue item" "overdue: 宝妈成长营 · 干货分享 Tips x3"
keys Space
see "...where the cursor now is (Space ticks it)" "ticked: 干货分享 Tips x3"
keys G !
see "! from the last item wraps to the top" "(from the top)"
see "...to the first overdue item there" "overdue: 宝妈成长营 · 互动话题"
# Within a filter: the ticked 宝妈成长营 早安问候 is skipped, Fit健身打卡A群's is next.
keys / 早安 Enter g !
see "! in a filter stays in it" "overdue: Fit健身打卡A群 · 早安问候"
keys q
see "quit" "__EXITED__ 0"
tmux_stop

# ---- no overdue item: a day ahead has nothing late ----
tmux_start 80 24 "$RUN --today 2099-01-05"
see "a future day's checklist" "Today 2099-01-05"
keys !
see "! says there is none" "no overdue item"
keys '?'
see "help lists /" "filter by group, owner or action"
keys G
see "help lists ! (further down)" "jump to the next overdue item"
keys Escape q
see "quit from the future" "__EXITED__ 0"
tmux_stop
