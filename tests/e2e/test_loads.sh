#!/bin/sh
# Only the visible view loads. SOPDECK_DEBUG_LOADS=FILE makes the console append
# one line per load ("Library prepared=N run=M"); the checks read it back:
# a tick after visiting every tab loads Today only; another process's change
# loads the tab on screen only, and each other tab when it is shown; moving the
# cursor in the Library at 80 columns (no detail pane) reads no item detail, and
# on a wide screen reads the selected item's detail once per move.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/loads.db
LOADS=$TEST_TMP/loads.txt
RUN="$SOPDECK --db $DB --today 2026-03-04"
check "import groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"
check "import the demo content" $RUN import content "$ASSETS/demo-content.yaml"

# views FILE: the names of the views loaded, one line each, in order.
views() { sed 's/ prepared=.*//' "$LOADS" 2>/dev/null | tr '\n' ' ' | sed 's/ $//'; }
# loads_are NAME WANT: the views loaded since the last reset are exactly WANT.
loads_are() {
	got=$(views)
	if [ "$got" = "$2" ]; then ok "$1"; else not_ok "$1" "loaded: '$got', wanted: '$2'" "$(cat "$LOADS" 2>/dev/null)"; fi
}
reset_loads() { : >"$LOADS"; }
# settle: wait until the console has handled every key sent: the help overlay (which
# loads nothing) opens and closes after them.
settle() {
	keys '?'
	wait_for "Esc or ? closes it" 5
	keys Escape
	wait_gone "Esc or ? closes it" 5
}

rm -f "$LOADS"
tmux_start 80 24 "SOPDECK_DEBUG_LOADS=$LOADS $RUN --operator alice"
see "the console starts on Today" "今日清单"
loads_are "starting loads Today only" "Today"

# Visit every tab: each loads once, when it is first shown.
reset_loads
keys 2
see "Calendar shown" "全部群"
keys 3
see "Library shown" "素材库 36 条"
keys 4
see "KPI shown" "数据看板"
keys 5
see "Log shown" "操作记录"
loads_are "each tab loads when first shown" "Calendar Library KPI Log"
keys 1
see "back on Today" "今日清单"
loads_are "going back to a loaded tab loads nothing" "Calendar Library KPI Log"

# Tick (Space) after visiting every tab: only Today loads again.
reset_loads
keys j Space
see "the tick shows" "ticked:"
wait_for "[x]" 5
loads_are "a tick loads Today only, not the four other tabs" "Today"

# Another operator ticks while the Log is on screen: the Log loads (it is stale
# from our tick, then again for bob's), no other tab does.
keys 5
see "the Log shows our tick" "alice"
reset_loads
check "bob ticks from the command line" $RUN --operator bob tick 3:morning
see "the Log shows bob's tick within 2 s" "bob" 3
loads_are "bob's change loads the visible Log only" "Log"
# The others load when shown, once each.
reset_loads
keys 3
see "the Library again" "素材库 36 条"
keys 2
see "the Calendar again" "全部群"
loads_are "stale tabs load when shown" "Library Calendar"

# The Library at 80 columns has no detail pane: moving reads no item detail.
keys 3
see "the Library for moving" "素材库 36 条"
reset_loads
keys j j j
settle
loads_are "j at 80 columns loads nothing (no detail shown)" ""
keys Enter
see "Enter opens the item" "排期"
loads_are "Enter loads the selected item's detail, once" "Library:detail"
keys Escape

# On a wide screen the detail pane shows: one detail load per move, nothing else.
tmux_cmd resize-window -t t -x 120 -y 30 >/dev/null 2>&1
see "the wide Library shows the detail pane" "详情"
reset_loads
keys j
see "the pane follows the cursor" "详情"
settle
loads_are "j on a wide screen loads the one selected item's detail" "Library:detail"
keys q
see "q quits" "__EXITED__ 0"
