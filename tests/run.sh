#!/bin/sh
# Run every test suite against the optimised build and again under ASan+UBSan,
# then print "N passed, N failed" alone on the last line.
#
#   tests/run.sh                 both builds
#   VARIANTS=release tests/run.sh   one build only
#   ONLY=e2e tests/run.sh        one kind: unit, cli, e2e or fuzz
#   JOBS=1 tests/run.sh          suites one at a time (default 3 at once)
#
# The release suites run under TZ=Asia/Shanghai and the ASan suites under TZ=UTC.
#
# Suites are independent, so JOBS of them run at once (xargs -P), each with its
# own log, TEST_TMP and tmux server (tests/lib.sh names it after the suite and
# its pid); the tally is then read from the logs in a fixed order, so the output
# does not depend on which suite finished first. tests/cli/test_limits.sh (sizes
# and kill -9, minutes under ASan) runs in the release build only.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
out=$top/build/test-out

export LC_ALL=C.UTF-8
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# pyenv's python3 is a shim that runs a dozen bash scripts before Python starts (0.3 to
# 0.6 s of CPU a call): tests/lib.sh bypassed it once per suite, 86 calls a whole run
# (about 40 s of CPU). Here it is bypassed once for every suite: the real interpreter's
# folder first on PATH, which lib.sh then finds and keeps.
case $(command -v python3 2>/dev/null) in
*/shims/*)
	_py=$(python3 -S -c 'import sys; print(sys.executable)' 2>/dev/null)
	[ -x "$_py" ] && PATH=${_py%/*}:$PATH && export PATH
	;;
esac

# log_of NAME: where a suite's output goes ("release/cli/test_x" -> release_cli_test_x.log).
log_of() { echo "$out/$(echo "$1" | tr / _).log"; }

# --one VARIANT KIND PATH: run one suite (called by xargs below); its exit status
# goes next to its log, and one progress line to stdout.
if [ "${1:-}" = --one ]; then
	v=$2 kind=$3 t=$4
	if [ "$v" = release ]; then bin=$top/sopdeck; else bin=$top/build/$v/sopdeck; fi
	export SOPDECK="$bin"
	# The server's zone must never decide the day: the optimised build's suites run
	# under Asia/Shanghai, the sanitized build's under UTC (a cloud host's clock), so
	# every check runs under both. Suites that pin a zone themselves still do.
	if [ "$v" = release ]; then export TZ=Asia/Shanghai; else export TZ=UTC; fi
	# make test builds the sanitized and fuzz binaries while the release suites run
	# (TEST_GATE): a suite of such a build waits here until its build has ended, and
	# fails with the build's log when it failed.
	if [ -n "${TEST_GATE:-}" ] && [ "$v" != release ]; then
		gate=$v
		[ "$kind" = fuzz ] && gate=fuzz
		until [ -s "$TEST_GATE/$gate.rc" ]; do sleep 0.2; done
		if [ "$(cat "$TEST_GATE/$gate.rc")" != 0 ]; then
			name=fuzz
			[ "$kind" = fuzz ] || name="$v/$kind/$(basename "$t" .sh)"
			log=$(log_of "$name")
			{ echo "not ok - the $gate build failed (build/test-gate/$gate.log):"
				tail -30 "$TEST_GATE/$gate.log"; } >"$log"
			echo 1 >"$log.rc"
			echo "# $name: the $gate build failed"
			exit 0
		fi
	fi
	start=$(date +%s)
	case $kind in
	unit)
		name="$v/unit/$(basename "$t")"
		log=$(log_of "$name")
		# Each unit binary in a folder of its own: two at once never share a file.
		dir="$out/tmp-$(echo "$name" | tr / _)"
		mkdir -p "$dir"
		(cd "$dir" && "$t") >"$log" 2>&1
		;;
	fuzz)
		name=fuzz
		log=$(log_of "$name")
		# Seeds and saved inputs replayed, then 3 s of fuzzing a harness: a smoke test of
		# the harnesses (make fuzz is the search, 60 s each).
		FUZZ_SECONDS=${FUZZ_SECONDS:-3} sh "$top/tests/fuzz.sh" >"$log" 2>&1
		;;
	*)
		name="$v/$kind/$(basename "$t" .sh)"
		log=$(log_of "$name")
		TEST_TMP="$out/tmp-$(echo "$name" | tr / _)" sh "$t" >"$log" 2>&1
		;;
	esac
	echo $? >"$log.rc"
	echo "$(($(date +%s) - start))" >"$log.time"
	# The suite's CPU (user + sys of the processes it waited for; a tmux server, which
	# detaches, is not among them), from the shell's `times` (a builtin: no subshell, or it
	# would count its own children only).
	times >"$log.times"
	awk 'NR == 2 { n = split($0, f, /[ms ]+/); c = 0
		for (i = 1; i + 1 <= n; i += 2) c += f[i] * 60 + f[i + 1]
		printf "%.1f\n", c }' "$log.times" >"$log.cpu"
	echo "# $name: $(($(date +%s) - start))s, cpu $(cat "$log.cpu")s"
	exit 0
fi

VARIANTS=${VARIANTS:-"release asan"}
ONLY=${ONLY:-}
JOBS=${JOBS:-3}
rm -rf "$out"
mkdir -p "$out"
passed=0
failed=0
failures=""

# Count "ok - name" / "not ok - name" lines (shell suites) or cmocka's
# "[       OK ]" / "[  FAILED  ]" lines; a suite that dies counts as a failure.
count() { # log file, exit status, suite name
	p=$(grep -cE '^(ok - |\[       OK \])' "$1")
	# cmocka names a failed test twice (as it fails, and in its summary): count names once.
	f=$(grep -E '^(not ok - |\[  FAILED  \] [^0-9])' "$1" | sort -u | wc -l)
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "not ok - $3 exited with status $2" >>"$1"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures="$failures $3"
		echo "--- $3: failures"
		grep -E '^(not ok - |\[  FAILED  \]|\[  ERROR   \])|Failure|ERROR|error:|FAIL' "$1" | head -20
	fi
	echo "$3: $p passed, $f failed"
}

# The job list, one "PRIORITY<tab>VARIANT KIND PATH NAME" a line: the long suites
# start first so that the short ones fill the gaps at the end. A suite's priority is
# its time in the last run that ran it (build/test-times, kept between runs), else a
# guess by kind: tmux, sizes and fuzz first, then the command line, units last.
jobs=$out/jobs
: >"$jobs"
times=$top/build/test-times
# A fresh clone has no last run: tests/suite-times (committed, from a whole run on an idle
# 2-core machine) gives the order, so CI also starts the long suites first.
seed=$top/tests/suite-times
# prio_of NAME GUESS: the last run's seconds for the suite, else the committed figure,
# else the guess.
prio_of() {
	p=$(awk -v n="$1" '$1 == n { t = $2 } END { if (t != "") print t }' "$times" 2>/dev/null)
	[ -n "$p" ] || p=$(awk -v n="$1" '$1 == n { t = $2 } END { if (t != "") print t }' "$seed" 2>/dev/null)
	echo "${p:-$2}"
}
for v in $VARIANTS; do
	if [ -z "$ONLY" ] || [ "$ONLY" = unit ]; then
		# A build still running (TEST_GATE) has no binaries yet: they are named after
		# their sources, as the Makefile builds them.
		units="$top/build/$v/tests/test_*"
		[ -n "${TEST_GATE:-}" ] && [ "$v" != release ] &&
			units=$(for s in "$top"/tests/unit/test_*.c; do
				s=${s##*/}
				echo "$top/build/$v/tests/${s%.c}"
			done)
		for t in $units; do
			[ -x "$t" ] || [ -n "${TEST_GATE:-}" ] || continue
			printf '%s\t%s unit %s %s\n' "$(prio_of "$v/unit/$(basename "$t")" 5)" "$v" \
				"$t" "$v/unit/$(basename "$t")" >>"$jobs"
		done
	fi
	for kind in cli e2e; do
		[ -z "$ONLY" ] || [ "$ONLY" = "$kind" ] || continue
		for t in "$top"/tests/"$kind"/test_*.sh; do
			[ -f "$t" ] || continue
			base=$(basename "$t" .sh)
			# Sizes and kill -9 take minutes under ASan; the map check runs no binary.
			case $base in test_limits | test_hacking) [ "$v" != release ] && continue ;; esac
			prio=30
			[ "$kind" = e2e ] || [ "$base" = test_limits ] && prio=90
			printf '%s\t%s %s %s %s\n' "$(prio_of "$v/$kind/$base" $prio)" "$v" "$kind" "$t" \
				"$v/$kind/$base" >>"$jobs"
		done
	done
done
# A short libFuzzer pass over each harness (make fuzz runs them longer).
if { [ -z "$ONLY" ] || [ "$ONLY" = fuzz ]; } &&
	{ [ -x "$top/build/fuzz/fuzz_csv" ] || [ -n "${TEST_GATE:-}" ]; }; then
	printf '%s\t- fuzz - fuzz\n' "$(prio_of fuzz 90)" >>"$jobs"
fi

# Slowest first; while the other builds are still running (TEST_GATE), the release
# suites first, so that no slot waits for a build while a suite could run.
if [ -n "${TEST_GATE:-}" ]; then
	awk -F'\t' '{ split($2, f, " "); print (f[1] == "release" ? 0 : 1) "\t" $0 }' "$jobs" |
		sort -s -k1,1n -k2,2nr | cut -f3
else
	sort -s -n -r -k1,1 "$jobs" | cut -f2
fi | cut -d' ' -f1-3 | xargs -P "$JOBS" -L 1 sh "$top/tests/run.sh" --one

# The tally, in the order of the list (variant, kind, suite); each suite's time is kept
# for the next run's order (suites this run did not run keep theirs).
: >"$times.new"
while read -r prio v kind t name; do
	log=$(log_of "$name")
	rc=$(cat "$log.rc" 2>/dev/null || echo 127)
	[ -f "$log" ] || echo "not ok - $name never ran" >"$log"
	count "$log" "$rc" "$name"
	[ -f "$log.time" ] && echo "$name $(cat "$log.time")" >>"$times.new"
done <"$jobs"
[ -f "$times" ] && awk 'NR == FNR { ran[$1] = 1; next } !($1 in ran)' "$times.new" "$times" \
	>>"$times.new"
mv "$times.new" "$times"

cat "$out"/*.log.cpu 2>/dev/null | awk '{ c += $1 } END { printf "# suites: %.0f s of CPU (user + sys, tmux servers not counted)\n", c }'
[ -n "$failures" ] && echo "failed suites:$failures (logs in build/test-out/)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
