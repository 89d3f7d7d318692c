#!/bin/sh
# `make bench`: run every tests/bench-*.sh. Benchmarks measure; they never pass or fail
# on timing (timed assertions would be flaky on a shared 2-core machine).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
export SOPDECK="$top/sopdeck"
export LC_ALL=C.UTF-8
found=0
for b in "$top"/tests/bench-*.sh; do
	[ -f "$b" ] || continue
	found=1
	echo "== $(basename "$b" .sh)"
	BENCH_TMP="$top/build/bench/$(basename "$b" .sh)" sh "$b" || echo "(benchmark failed)"
done
[ "$found" = 1 ] || echo "no benchmarks"
