#!/bin/sh
# A console session under valgrind (memcheck): moving, ticking, help, tabs, resize and
# quitting report no memory errors and no definite leaks. Runs on the optimised build
# only: valgrind and AddressSanitizer cannot share a process.
. "$(dirname "$0")/../lib.sh"

case "$SOPDECK" in
*/asan/*) echo "# skipped under ASan (valgrind needs the plain build)"; exit 0 ;;
esac
command -v valgrind >/dev/null 2>&1 || { not_ok "valgrind is installed"; exit 1; }

DB=$TEST_TMP/v.db
check "import groups" "$SOPDECK" --db "$DB" import groups "$FIXTURES/groups.yaml"
log=$TEST_TMP/valgrind.log
tmux_start 80 24 "valgrind --quiet --error-exitcode=99 --leak-check=full \
--errors-for-leak-kinds=definite --log-file=$log $SOPDECK --db $DB --operator vg"
see "console starts under valgrind" "Today 20" 60
keys j j Space
see "a tick under valgrind" "[x]" 30
keys '?'
see "help under valgrind" "Esc or ? closes it" 30
keys Escape Tab Tab Tab Tab 1 Enter
keys Escape
# Today's filter and overdue jump, and the mouse (a click on the Calendar tab, the wheel).
keys / 群 Enter '!' Escape
# The Escape must be read alone before the click's escape sequence arrives.
see "the filter cleared under valgrind" "Wed · 2 groups" 30
keys -l "$(printf '\033[<0;30;1M\033[<0;30;1m\033[<65;30;10M')"
see "a click on a tab under valgrind" "配比" 30
keys 1
tmux_cmd resize-window -t t -x 100 -y 30 >/dev/null 2>&1
keys r q
see "console exits under valgrind" "__EXITED__" 60
if screen | grep -q "__EXITED__ 0"; then ok "valgrind: no errors, no definite leaks"; else
	not_ok "valgrind: no errors, no definite leaks" "$(screen | grep __EXITED__)" "$(head -c 4000 "$log")"
fi
