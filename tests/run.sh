#!/bin/sh
# Run every test suite against the optimised build and again under ASan+UBSan,
# then print "N passed, N failed" alone on the last line.
#
#   tests/run.sh                 both builds
#   VARIANTS=release tests/run.sh   one build only
#   ONLY=e2e tests/run.sh        one kind: unit, cli, e2e or fuzz
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
VARIANTS=${VARIANTS:-"release asan"}
ONLY=${ONLY:-}
out=$top/build/test-out
rm -rf "$out"
mkdir -p "$out"
passed=0
failed=0
failures=""

export LC_ALL=C.UTF-8
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

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

for v in $VARIANTS; do
	if [ "$v" = release ]; then bin=$top/sopdeck; else bin=$top/build/$v/sopdeck; fi
	export SOPDECK="$bin"
	if [ -z "$ONLY" ] || [ "$ONLY" = unit ]; then
		for t in "$top"/build/"$v"/tests/test_*; do
			[ -x "$t" ] || continue
			name="$v/unit/$(basename "$t")"
			log="$out/$(echo "$name" | tr / _).log"
			(cd "$out" && "$t") >"$log" 2>&1
			count "$log" $? "$name"
		done
	fi
	for kind in cli e2e; do
		[ -z "$ONLY" ] || [ "$ONLY" = "$kind" ] || continue
		for t in "$top"/tests/"$kind"/test_*.sh; do
			[ -f "$t" ] || continue
			name="$v/$kind/$(basename "$t" .sh)"
			log="$out/$(echo "$name" | tr / _).log"
			TEST_TMP="$out/tmp-$(echo "$name" | tr / _)" sh "$t" >"$log" 2>&1
			count "$log" $? "$name"
		done
	done
done

# A short libFuzzer pass over each harness (make fuzz runs them longer).
if { [ -z "$ONLY" ] || [ "$ONLY" = fuzz ]; } && [ -x "$top/build/fuzz/fuzz_csv" ]; then
	log="$out/fuzz.log"
	FUZZ_SECONDS=${FUZZ_SECONDS:-8} sh "$top/tests/fuzz.sh" >"$log" 2>&1
	count "$log" $? "fuzz"
fi

[ -n "$failures" ] && echo "failed suites:$failures (logs in build/test-out/)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
