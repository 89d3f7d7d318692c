# Shared helpers for the shell test suites (tests/cli, tests/e2e). Source it.
# Each check prints "ok - NAME" or "not ok - NAME"; tests/run.sh counts them.
# $SOPDECK is the binary under test; $TEST_TMP a scratch folder of this suite's own.

: "${SOPDECK:=$(cd "$(dirname "$0")/../.." && pwd)/sopdeck}"
: "${TEST_TMP:=$(mktemp -d)}"
rm -rf "$TEST_TMP"
mkdir -p "$TEST_TMP"
export SOPDECK_DB="$TEST_TMP/test.db"
export SOPDECK_TODAY=2026-03-04
export USER=tester
export LC_ALL=C.UTF-8
# The suites match English screen text; tests/*/test_i18n.sh run in Chinese.
export SOPDECK_LANG=en
unset SOPDECK_OPERATOR NO_COLOR
# No config file of the developer's: a suite that wants one writes it here.
export XDG_CONFIG_HOME="$TEST_TMP/xdg-config"
ASSETS=$(cd "$(dirname "$0")/../../assets" && pwd)
FIXTURES=$(cd "$(dirname "$0")/../fixtures" && pwd)

# pyenv's python3 is a shim that runs several bash scripts before Python starts (~0.1 s
# a call on a loaded machine, and suites call python3 hundreds of times): put the real
# interpreter's folder first on PATH, once, for this suite and its children.
case $(command -v python3 2>/dev/null) in
*/shims/*)
	_py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
	[ -x "$_py" ] && PATH=${_py%/*}:$PATH && export PATH
	;;
esac
# The suites' python3 is the standard library only, started without the site module (-S):
# site reads every .pth file in site-packages (on this machine one imports certifi), ~60 ms
# of the ~115 ms of CPU each of the suites' hundreds of python3 starts cost. A check that
# needs a third-party module calls `command python3`.
python3() { command python3 -S "$@"; }

ok() { echo "ok - $1"; }
not_ok() { echo "not ok - $1"; shift; for l in "$@"; do echo "#   $l"; done; }

# check NAME COMMAND...: passes when the command exits 0.
check() {
	name=$1
	shift
	if "$@" >"$TEST_TMP/last.out" 2>&1; then ok "$name"; else
		not_ok "$name" "command: $*" "$(head -c 2000 "$TEST_TMP/last.out")"
	fi
}

# expect_status NAME STATUS COMMAND...: passes when the command exits with STATUS.
expect_status() {
	name=$1 want=$2
	shift 2
	"$@" >"$TEST_TMP/last.out" 2>"$TEST_TMP/last.err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok "$name"; else
		not_ok "$name" "exit $got, wanted $want: $*" "$(head -c 2000 "$TEST_TMP/last.err")"
	fi
}

# contains NAME FILE TEXT: passes when FILE has TEXT (fixed string).
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else
		not_ok "$1" "'$3' not found in:" "$(head -c 3000 "$2")"
	fi
}
lacks() {
	if grep -qF -- "$3" "$2"; then not_ok "$1" "'$3' unexpectedly in $2"; else ok "$1"; fi
}

# ---- tmux: a private server per suite, polled, never a bare sleep ----
# Named after the suite and its pid: suites that run at once (tests/run.sh) never share one.
TMUX_SOCK="sopdeck-test-$(basename "$0" .sh)-$$"
tmux_cmd() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
TMUX_SOCK_PATH="${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
# tmux_stop: stop this suite's server (only ours) and wait until it no longer answers,
# so that the next tmux_start cannot reach a server that is still shutting down. (tmux
# may leave its socket file behind, so the file is no sign of life; it is removed.)
# A console still running in it is let finish first (a q just sent: up to 2 s), else sent
# SIGTERM and waited for (10 s): its terminal hung up while it exits, the sanitized build's
# leak check could spin a core for minutes after the suite had ended.
tmux_stop() {
	pane=$(tmux_cmd display-message -p -t t '#{pane_pid}' 2>/dev/null) || pane=""
	if [ -n "$pane" ] && ! wait_for "__EXITED__" 2; then
		pkill -TERM -P "$pane" 2>/dev/null
		wait_for "__EXITED__" 10 || true
	fi
	tmux_cmd kill-server >/dev/null 2>&1 || true
	end=$(($(date +%s) + 10))
	while tmux_cmd list-sessions >/dev/null 2>&1 && [ "$(date +%s)" -le "$end" ]; do
		sleep 0.05
	done
	rm -f "$TMUX_SOCK_PATH"
}
stop_tmux() { tmux_stop; }
# A signal ends the suite (a trap that only stopped tmux let the suite go on after a kill);
# the exit then stops tmux.
trap tmux_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# tmux_start COLS ROWS COMMAND: start COMMAND in a detached session "t" on a fresh
# private server; retried while a loaded machine refuses the first connection.
tmux_start() {
	cols=$1 rows=$2
	shift 2
	tmux_stop
	tries=0
	until tmux_cmd new-session -d -s t -x "$cols" -y "$rows" \
		"env TERM=xterm-256color LC_ALL=C.UTF-8 $*; echo __EXITED__ \$?; sleep 30" \
		2>/dev/null && tmux_cmd has-session -t t 2>/dev/null; do
		tries=$((tries + 1))
		[ "$tries" -ge 20 ] && { echo "# tmux would not start a session" >&2; break; }
		tmux_stop
		sleep 0.1
	done
	tmux_cmd set-option -t t status off >/dev/null
	tmux_cmd resize-window -t t -x "$cols" -y "$rows" >/dev/null 2>&1 || true
}
screen() { tmux_cmd capture-pane -p -t t; }
keys() { tmux_cmd send-keys -t t "$@"; }

# wait_for MARKER [SECONDS]: poll the screen every 0.1 s until MARKER shows; 0 if it did.
# Polls are counted rather than timed with date(1): one process less per poll, and a
# loaded machine stretches the limit instead of failing the check. The screen is matched
# by the shell (case), not grep: one process less again (a marker is one line's text).
wait_for() {
	marker=$1 polls=$((${2:-10} * 10))
	while [ "$polls" -ge 0 ]; do
		case $(screen) in *"$marker"*) return 0 ;; esac
		sleep 0.1
		polls=$((polls - 1))
	done
	return 1
}
wait_gone() {
	marker=$1 polls=$((${2:-10} * 10))
	while [ "$polls" -ge 0 ]; do
		case $(screen) in *"$marker"*) ;; *) return 0 ;; esac
		sleep 0.1
		polls=$((polls - 1))
	done
	return 1
}
# copied WHAT TEXT PANE: after `y`, the message says how many characters it copied and
# the pane's raw output (PANE, written by pipe-pane) carries TEXT in base64 as one OSC 52
# sequence, ended by BEL, within 10 s.
copied() {
	n=$(($(printf '%s' "$2" | wc -m)))
	see "y says how many characters it copied" "copied $n characters"
	b64=$(printf '%s' "$2" | base64 -w0) polls=100
	while ! grep -qF "]52;c;$b64" "$3" 2>/dev/null && [ "$polls" -ge 0 ]; do
		sleep 0.1
		polls=$((polls - 1))
	done
	if grep -qF "$(printf '\033]52;c;')$b64$(printf '\007')" "$3"; then
		ok "y writes the OSC 52 sequence with the $1 in base64"; else
		not_ok "y writes the OSC 52 sequence with the $1 in base64" "$(od -c "$3" | tail -5)"; fi
}
# see NAME MARKER: a check that MARKER appears on screen in time.
see() {
	if wait_for "$2" "${3:-10}"; then ok "$1"; else
		not_ok "$1" "'$2' never appeared; screen:" "$(screen)"
	fi
}
