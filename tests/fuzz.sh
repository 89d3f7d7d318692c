#!/bin/sh
# Run each libFuzzer harness for FUZZ_SECONDS on a scratch copy of its seeds, after
# replaying every saved regression input. Prints "ok - ..." / "not ok - ..." lines.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${FUZZ_SECONDS:-10}
work=$top/build/fuzz/run
mkdir -p "$work" "$top/build/fuzz/crashes"
export ASAN_OPTIONS=detect_leaks=1
for h in "$top"/build/fuzz/fuzz_*; do
	[ -x "$h" ] || continue
	name=${h##*/fuzz_}
	corpus=$work/corpus-$name
	mkdir -p "$corpus"
	[ -d "$top/fuzz/seeds/$name" ] && cp -r "$top/fuzz/seeds/$name/." "$corpus/"
	if [ -d "$top/fuzz/regressions/$name" ] && [ -n "$(ls "$top/fuzz/regressions/$name")" ]; then
		if "$h" "$top/fuzz/regressions/$name"/* >"$work/$name-regress.log" 2>&1; then
			echo "ok - fuzz $name: regression inputs replay cleanly"
		else
			echo "not ok - fuzz $name: a saved regression input fails again"
			tail -30 "$work/$name-regress.log"
		fi
	fi
	if "$h" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix="$top/build/fuzz/crashes/$name-" "$corpus" >"$work/$name.log" 2>&1; then
		runs=$(grep -oE 'Done [0-9]+ runs' "$work/$name.log" | tail -1)
		echo "ok - fuzz $name: ${secs}s, ${runs:-no summary}, no crash"
	else
		echo "not ok - fuzz $name: crash (input saved in build/fuzz/crashes/; add it to fuzz/regressions/$name/)"
		tail -40 "$work/$name.log"
	fi
done
