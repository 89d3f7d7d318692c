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
# The mouse: a click on a tab and a wheel notch go through the event path under valgrind
# (what they do is asserted in test_mouse.sh; here valgrind's verdict below is the test).
keys -l "$(printf '\033[<0;30;1M\033[<0;30;1m\033[<65;30;10M')"
keys 1
see "back on Today under valgrind" "Today 20" 30
keys '?'
see "help under valgrind" "Esc or ? closes it" 30
keys Escape Tab Tab Tab Tab 1 Enter
keys Escape
# Today's filter and overdue jump.
keys / 群 Enter
see "the filter under valgrind" "filter /群" 30
keys '!' Escape
# The keys are slow under valgrind: the click must not arrive while the filter still reads.
wait_gone "filter /群" 30 && ok "the filter cleared under valgrind" ||
	not_ok "the filter cleared under valgrind" "$(screen)"
tmux_cmd resize-window -t t -x 100 -y 30 >/dev/null 2>&1
keys r q
see "console exits under valgrind" "__EXITED__" 60
if screen | grep -q "__EXITED__ 0"; then ok "valgrind: no errors, no definite leaks"; else
	not_ok "valgrind: no errors, no definite leaks" "$(screen | grep __EXITED__)" "$(head -c 4000 "$log")"
fi
