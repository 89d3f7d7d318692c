#!/bin/sh
# Odd terminals: TERM unset or unknown, a non-UTF-8 locale, 20x5, a resize
# storm, the terminal going away mid-session, SIGTERM and SIGHUP. Each ends in
# a clear message or a clean exit with the terminal restored, never a hang.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/term.db
RUN="$SOPDECK --db $DB --today 2026-03-04 --operator tester"
check "import groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"

# restart: a fresh private server and session "t" for the next case.
restart() { tmux_start "$@"; }
# gone_within PID SECONDS: the process has ended within SECONDS.
gone_within() {
	end=$(($(date +%s) + $2))
	while kill -0 "$1" 2>/dev/null; do
		[ "$(date +%s)" -gt "$end" ] && return 1
		sleep 0.05
	done
	return 0
}

# TERM unset, outside any terminal: one line on stderr, nothing on stdout, status 1.
env -u TERM $RUN >"$TEST_TMP/out" 2>"$TEST_TMP/err"
rc=$?
if [ "$rc" -eq 1 ] && [ ! -s "$TEST_TMP/out" ] && [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ]; then
	ok "TERM unset: status 1, one line on stderr, nothing on stdout"; else
	not_ok "TERM unset: status 1, one line on stderr, nothing on stdout" "rc=$rc" \
		"$(od -c "$TEST_TMP/out" | head -3)" "$(cat "$TEST_TMP/err")"; fi
contains "TERM unset: the message says so" "$TEST_TMP/err" "TERM is not set"
if grep -q "$(printf '\033')" "$TEST_TMP/err"; then not_ok "TERM unset: no escape sequences"
else ok "TERM unset: no escape sequences"; fi

# TERM unset inside a terminal (tmux): same message, status 1.
restart 100 30 "env -u TERM $RUN"
see "TERM unset in a terminal: a clear message" "TERM is not set"
see "TERM unset in a terminal: status 1" "__EXITED__ 1"

# An unknown TERM: newterm fails, we say which terminal type.
restart 100 30 "env TERM=unknown-terminal-xyz $RUN"
see "unknown TERM: a clear message naming it" "unknown terminal type 'unknown-terminal-xyz'"
see "unknown TERM: status 1" "__EXITED__ 1"

# TERM=dumb (no cursor addressing): the one-line refusal, not an unusable console.
restart 100 30 "env TERM=dumb $RUN"
see "TERM=dumb: a clear message" "cannot move the cursor"
see "TERM=dumb: status 1" "__EXITED__ 1"
if screen | grep -q "Today 20"; then not_ok "TERM=dumb: no console drawn" "$(screen)"; else
	ok "TERM=dumb: no console drawn"; fi

# Input that is not a terminal.
restart 100 30 "$RUN </dev/null"
see "stdin not a terminal: a clear message" "needs a terminal for input"
see "stdin not a terminal: status 1" "__EXITED__ 1"

# A non-UTF-8 locale: LC_CTYPE switches to C.UTF-8, Chinese still draws.
for loc in C POSIX; do
	restart 100 30 "env LC_ALL=$loc LANG= $RUN"
	see "LC_ALL=$loc: Chinese group names draw" "宝妈成长营"
	see "LC_ALL=$loc: the status bar draws" "operator tester"
	if screen | grep -q '\\3[0-7][0-7]\|??\|_\{4\}'; then
		not_ok "LC_ALL=$loc: no octal escapes or placeholders" "$(screen)"; else
		ok "LC_ALL=$loc: no octal escapes or placeholders"; fi
	keys q
	see "LC_ALL=$loc: q quits cleanly" "__EXITED__ 0"
done

# 20x5: the too-small message fits the width, and nothing else is drawn.
restart 20 5 "$RUN"
see "20x5: the too-small message" "too small: 80x24"
n=$(screen | grep -c .)
if [ "$n" -eq 1 ]; then ok "20x5: one line, no garbage"; else
	not_ok "20x5: one line, no garbage" "$(screen)"; fi
tmux_cmd resize-window -t t -x 100 -y 30
see "growing back to 100x30 draws the console" "5 Log"

# A resize storm: 30 resizes back to back, then the final size is drawn right.
i=0
while [ $i -lt 30 ]; do
	case $((i % 3)) in
	0) tmux_cmd resize-window -t t -x 20 -y 5 ;;
	1) tmux_cmd resize-window -t t -x 130 -y 40 ;;
	2) tmux_cmd resize-window -t t -x 81 -y 24 ;;
	esac
	i=$((i + 1))
done
tmux_cmd resize-window -t t -x 110 -y 32
see "after the storm the console still runs" "5 Log"
wait_for "operator tester" 5
# The last resize may still be on its way (slow under ASan): poll for the final layout.
end=$(($(date +%s) + 10))
while row=$(screen | grep -n "operator tester" | cut -d: -f1) && [ "$row" != 31 ] &&
	[ "$(date +%s)" -le "$end" ]; do sleep 0.1; done
if [ "$row" = 31 ]; then ok "after the storm the status bar is on row 31 of 32"; else
	not_ok "after the storm the status bar is on row 31 of 32" "row $row" "$(screen)"; fi
keys 3
see "after the storm keys still work" "Library 0 items"

# SIGTERM and SIGHUP: the terminal is restored, the exit status says which.
for sig in TERM:15 HUP:1; do
	num=${sig#*:} sig=${sig%:*}
	restart 100 30 "sh -c 'echo \$\$ >$TEST_TMP/pid; exec $RUN'"
	see "SIG$sig: the console runs" "5 Log"
	kill -$sig "$(cat "$TEST_TMP/pid")"
	want=$((128 + num))
	see "SIG$sig: it exits with $want" "__EXITED__ $want" 5
	alt=$(tmux_cmd display -p -t t '#{alternate_on}')
	if [ "$alt" = 0 ]; then ok "SIG$sig: endwin left the alternate screen"; else
		not_ok "SIG$sig: endwin left the alternate screen" "alternate_on=$alt"; fi
done

# The terminal goes away mid-session (the pane is killed). First with SIGHUP
# ignored (nohup), so only noticing the dead input ends it; then as usual.
for how in ignored default; do
	trap_hup=""
	[ $how = ignored ] && trap_hup="trap '' HUP;"
	# No leak check here: a tty hangup sends SIGCONT, which can cancel the ptrace stop
	# of LeakSanitizer's exit-time tracer and deadlock the sanitizer runtime itself.
	# Every other suite (and a plain quit) still runs with leak detection.
	restart 100 30 "sh -c \"echo \\\$\\\$ >$TEST_TMP/pid; $trap_hup ASAN_OPTIONS=detect_leaks=0 exec $RUN 2>$TEST_TMP/err\""
	see "terminal gone (SIGHUP $how): the console runs" "5 Log"
	pid=$(cat "$TEST_TMP/pid")
	tmux_cmd kill-pane -t t
	if gone_within "$pid" 10; then ok "terminal gone (SIGHUP $how): it exits, no hang"
		if [ $how = ignored ]; then
			contains "terminal gone: it says why on stderr" "$TEST_TMP/err" \
				"the terminal went away"
		fi
	else
		cpu=$(ps -o %cpu= -p "$pid")
		kill -9 "$pid"
		gone_within "$pid" 5
		not_ok "terminal gone (SIGHUP $how): it exits, no hang" "still running, cpu $cpu%"
	fi
done
