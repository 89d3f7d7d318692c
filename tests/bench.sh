#!/bin/sh
# `make bench`: sopdeck at a real team's scale (issue 9), measured, as ONE table.
#
# The workspace is built by the project's own generator (tests/bench/gen.c) and
# imported through the command line: 500 groups in every lifecycle stage with
# owners, 100,000 library items, 365 days of counters for every group (182,500
# rows through `import kpi`), 5 weeks of slots through `import calendar` (most
# past slots posted), a quarter of today's actions ticked. It is cached under
# build/bench/ws-v<schema>-<generator checksum>/, so a re-run only measures.
#
# Then: each command RUNS times (median and p99 of wall time, peak RSS); the
# console on a pseudo-terminal (tests/bench/ptybench.c): first frame against a
# bare ncursesw program, key-to-screen for move, page, tab, tick, each keystroke
# of a Library search, the calendar picker, a KPI panel, a calendar week, bytes
# written per key, peak RSS; calcurse and taskwarrior on the same scale where
# installed, with the ratio to sopdeck's equivalent. Benchmarks measure; nothing
# passes or fails on time (a shared 2-core machine is no stopwatch). p99 is the
# nearest rank, so with 15 runs it is the slowest run.
#
#   BENCH_RUNS=15        runs per command (a command stops after BENCH_BUDGET s, 3 runs min)
#   BENCH_BUDGET=30      seconds per command series
#   BENCH_SIZE=80x24     the pty's size (or 160x48)
#   BENCH_PARTS="cmd pty other"   which measurements to take now; the table also shows the
#                        other parts' figures from the last run on this workspace
#   BENCH_REBUILD=1      build the workspace again even if cached
#   BENCH_ALL=1          also run the older tests/bench-*.sh scripts afterwards
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
SOPDECK=${SOPDECK:-$top/sopdeck}
RUNS=${BENCH_RUNS:-15}
BUDGET=${BENCH_BUDGET:-30}
SIZE=${BENCH_SIZE:-80x24}
TODAY=2026-03-04
out=$top/build/bench
tools=$out/tools
mkdir -p "$tools"
export LC_ALL=C.UTF-8 USER=bench SOPDECK_TODAY=$TODAY
unset SOPDECK_OPERATOR NO_COLOR

# ---- the harness: small C programs, rebuilt when their source changes ----
build_tool() { # name, extra cc args...
	name=$1
	shift
	src=$top/tests/bench/$name.c
	if [ ! -x "$tools/$name" ] || [ "$src" -nt "$tools/$name" ]; then
		cc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$tools/$name" "$src" "$@" || exit 1
	fi
}
build_tool gen
build_tool runcmd
build_tool ptybench -lutil
build_tool bare $(pkg-config --cflags --libs ncursesw)

# ---- the workspace, cached on the binary's schema version ----
probe=$out/probe.db
rm -f "$probe"
"$SOPDECK" --db "$probe" today >/dev/null 2>&1
# PRAGMA user_version is the big-endian integer at offset 60 of the database header.
schema=$(od -An -j60 -N4 -tu1 "$probe" 2>/dev/null |
	awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
rm -f "$probe"
[ -n "$schema" ] || { echo "bench: $SOPDECK would not create a database" >&2; exit 1; }
key=v$schema-$(cksum <"$top/tests/bench/gen.c" | cut -d' ' -f1)
ws=$out/ws-$key
db=$ws/bench.db
PARTS=${BENCH_PARTS:-cmd pty other}
part() { case " $PARTS " in *" $1 "*) true ;; *) false ;; esac; }

# timed LABEL COMMAND...: one run, its wall time and RSS kept with the workspace.
timed() {
	label=$1
	shift
	"$tools/runcmd" 1 0 "$label" -- "$@" >>"$ws/build.tsv" || {
		echo "bench: $label failed:" >&2
		"$@" >/dev/null
		exit 1
	}
}

# step NAME: true when the step still has to run (each step leaves a mark when done, so
# a build that was interrupted resumes where it stopped).
step() { [ ! -f "$ws/.$1" ]; }
done_step() { touch "$ws/.$1"; }
[ "${BENCH_REBUILD:-0}" = 1 ] && rm -rf "$ws"
if [ ! -f "$ws/.ticks" ]; then
	echo "building the workspace in $ws (once per schema version) ..."
	mkdir -p "$ws"
	export SOPDECK_DB=$db
	if step gen; then
		rm -f "$db" "$db-wal" "$db-shm" "$ws/build.tsv" "$ws"/.*[a-z]
		"$tools/gen" "$ws" "$TODAY" || exit 1
		# The generator's 50 MB of CSV could otherwise be written back during the timed
		# imports below (they measured 5.4 s in the build where the same import alone,
		# after a sync, took 3.3-3.5 s).
		sync
		done_step gen
	fi
	step groups && timed "import 500 groups" "$SOPDECK" import groups "$ws/groups.csv" &&
		done_step groups
	step content && timed "import 100,000 content items" "$SOPDECK" import content \
		"$ws/content.csv" && done_step content
	# The library's export read back unchanged (the same title and date is the same item).
	step content2 && timed "import 100,000 content items again (unchanged)" "$SOPDECK" \
		import content "$ws/content.csv" && done_step content2
	step kpi && timed "import 182,500 counter rows" "$SOPDECK" import kpi "$ws/kpi.csv" &&
		done_step kpi
	# The same file again: every group-day's counters replaced (an operator's corrected
	# export), each row an update through the upsert's conflict path and its triggers.
	step kpi2 && timed "import 182,500 counter rows again (all replaced)" "$SOPDECK" import \
		kpi "$ws/kpi.csv" && done_step kpi2
	if step calendar; then
		# Five weeks of slots: the export's empty sheet, filled by the generator, read back.
		mon=$(($(date -u -d "$TODAY" +%s) / 86400))
		mon=$((mon - (mon + 3) % 7))  # the Monday (1970-01-01 was a Thursday)
		: >"$ws/empty.csv"
		for w in 4 3 2 1 0; do
			wk=$(date -u -d "@$(((mon - 7 * w) * 86400))" +%G-W%V)
			"$SOPDECK" export calendar --format csv --week "$wk" --with-empty -o "$ws/week.csv" || exit 1
			if [ -s "$ws/empty.csv" ]; then tail -n +2 "$ws/week.csv"; else cat "$ws/week.csv"; fi \
				>>"$ws/empty.csv"
		done
		"$tools/gen" fill "$ws/empty.csv" "$ws/calendar.csv" "$TODAY" || exit 1
		rows=$(($(wc -l <"$ws/calendar.csv") - 1))
		timed "import calendar ($rows rows, 5 weeks)" "$SOPDECK" import calendar \
			"$ws/calendar.csv"
		done_step calendar
	fi
	# A quarter of today's actions ticked (item IDs as `today --json` names them).
	"$SOPDECK" today --json | grep -o '"id":"[0-9]*:[^"]*"' | cut -d'"' -f4 |
		awk 'NR % 4 == 1' >"$ws/ticks.txt"
	xargs -n 250 "$SOPDECK" tick <"$ws/ticks.txt" >/dev/null || echo "bench: some ticks failed" >&2
	echo "ticked $(wc -l <"$ws/ticks.txt") of today's items" >"$ws/summary.txt"
	ls -l "$db" "$ws/content.csv" "$ws/kpi.csv" "$ws/calendar.csv" "$ws/groups.csv" |
		awk '{ print $5, $9 }' >>"$ws/summary.txt"
	done_step ticks
	unset SOPDECK_DB
fi
res=$out/results-$key
mkdir -p "$res"
cp "$ws/build.tsv" "$res/0-build.tsv"

# ---- commands ----
samples=$res/1-cmd.tsv
part cmd && : >"$samples"
# A scratch copy: the console's ticks must not change the cached workspace.
run=$out/run.db
cp "$db" "$run"
rm -f "$run-wal" "$run-shm"
export SOPDECK_DB=$run
cmd() { # label, sopdeck arguments...
	label=$1
	shift
	"$tools/runcmd" "$RUNS" "$BUDGET" "$label" -- "$SOPDECK" "$@" >>"$samples" ||
		echo "bench: '$label' failed" >&2
}
if part cmd; then
cmd "today" today
cmd "today --json" today --json
cmd "calendar" calendar
cmd "calendar --json" calendar --json
cmd "kpi" kpi
cmd "kpi --json" kpi --json
cmd "content --search 误区 --json" content --search 误区 --json
# What `task /误区/ count` answers: the number alone (the --json row prints every match).
cmd "content --search 误区 --count" content --search 误区 --count
cmd "content --tag 育儿 --json" content --tag 育儿 --json
cmd "content --search 育" content --search 育
cmd "content --search 夜醒怎么办" content --search 夜醒怎么办
# More of what an operator runs: the KPI over a month, the content effect report (the
# KPI tab's c), the weekly and monthly reviews.
cmd "kpi --days 30" kpi --days 30
cmd "kpi --content --days 30" kpi --content --days 30
cmd "report --week" report --week "$(date -u -d "$TODAY" +%G-W%V)"
cmd "report --month" report --month "$(date -u -d "$TODAY" +%Y-%m)"
fi

# ---- the console on a pty ----
# Keys: j, PgDn, Space on Today; 2 3 4 5 6 7 1 tab switches (every tab); / 误 区 in the Library
# (Ctrl-U clears between rounds); Enter opens the calendar picker (Esc closes);
# ] [ change the calendar's week; Enter opens a KPI group panel; w cycles its window, c its
# content report (PgDn G k in it), s sorts by a figure in each window. Slow keys are repeated fewer times, or a run would take an hour; an
# even number of ticks leaves the scratch copy as it was.
samples=$res/2-pty.tsv
if part pty; then
	: >"$samples"
	script=$out/keys.txt
	rep() { # times, label, keys (printf escapes kept for ptybench)
		i=0
		while [ "$i" -lt "$1" ]; do printf '%s\t%s\n' "$2" "$3"; i=$((i + 1)); done
	}
	{
		rep 15 "move (j)" j
		rep 10 "page (PgDn)" '\e[6~'
		rep 6 "tick (Space)" ' '
		# Each tab's first visit (it loads) on a line of its own, then a round of switches
		# to tabs already loaded.
		for t in 2 3 4 5 6 7 1; do printf 'tab %s first visit\t%s\n' "$t" "$t"; done
		for t in 2 3 4 5 6 7 1; do printf 'tab switch (loaded)\t%s\n' "$t"; done
		printf -- '-\t3\n'
		i=0; while [ $i -lt 3 ]; do
			printf 'library search: /\t/\n-\t\\x15\nlibrary search: 误\t误\n'
			printf 'library search: 区\t区\n-\t\\r\n'
			i=$((i + 1)); done
		rep 10 "library move (j)" j
		printf -- '-\t2\n'
		i=0; while [ $i -lt 3 ]; do printf 'calendar picker open\t\\r\n-\t\\e\n'; i=$((i + 1)); done
		i=0; while [ $i -lt 3 ]; do printf 'calendar week\t]\ncalendar week\t[\n'; i=$((i + 1)); done
		printf -- '-\t4\n'
		i=0; while [ $i -lt 3 ]; do printf 'KPI panel open\t\\r\n-\t\\e\n'; i=$((i + 1)); done
		# w cycles the KPI window: 30 days, the current stage, 7 days; c the content report.
		i=0; while [ $i -lt 2 ]; do
			printf 'KPI window 30 days (w)\tw\nKPI window stage (w)\tw\nKPI window 7 days (w)\tw\n'
			i=$((i + 1)); done
		i=0; while [ $i -lt 2 ]; do printf 'KPI content report (c)\tc\n-\t\\e\n'; i=$((i + 1)); done
		# In the report: pages, its end (the items to retire), moves; then s sorts the
		# overview by a figure, which needs every group's (over the stage window, each
		# group's own stage: up to a year of counters each).
		printf -- '-\tc\n'
		rep 3 "content report page (PgDn)" '\e[6~'
		printf 'content report end (G)\tG\n'
		rep 3 "content report move (k)" k
		printf -- '-\t\\e\n'
		# Sorted by a figure, a window's switch reads every group's figures itself.
		printf 'KPI sort (s), 7 days\ts\nKPI window 30 days, sorted (w)\tw\n'
		printf 'KPI sort (s), 30 days\ts\nKPI window stage, sorted (w)\tw\n'
		printf 'KPI sort (s), the stage\ts\n'
	} >"$script"
	"$tools/ptybench" -s "$SIZE" -t 60000 -- "$SOPDECK" <"$script" |
		sed -e 's/^frame\t/console first frame (with the key session)\t/' \
			-e 's/^rss\t/console peak RSS\t/' >>"$samples"
	i=0
	while [ $i -lt 7 ]; do
		"$tools/ptybench" -s "$SIZE" -t 60000 -- "$SOPDECK" </dev/null |
			sed -n 's/^frame/console first frame/p'
		"$tools/ptybench" -s "$SIZE" -- "$tools/bare" </dev/null |
			sed -n 's/^frame/bare ncursesw first frame/p'
		i=$((i + 1))
	done >>"$samples"
fi

# ---- calcurse and taskwarrior on the same scale, each in its own HOME ----
samples=$res/3-other.tsv
other=$out/other
part other && : >"$samples" && rm -rf "$other" && mkdir -p "$other"
if part other && command -v calcurse >/dev/null 2>&1; then
	mkdir -p "$other/calcurse/home" "$other/calcurse/data"
	cp "$ws/calcurse-apts" "$other/calcurse/data/apts"
	cp "$ws/calcurse-todo" "$other/calcurse/data/todo"
	HOME=$other/calcurse/home "$tools/runcmd" "$RUNS" "$BUDGET" "calcurse -Q 7 days" -- \
		calcurse -D "$other/calcurse/data" -Q --filter-type cal \
		--from "$(date -u -d "$TODAY" +%m/%d/%Y)" --days 7 >>"$samples"
	HOME=$other/calcurse/home "$tools/runcmd" "$RUNS" "$BUDGET" "calcurse todo list" -- \
		calcurse -D "$other/calcurse/data" -t >>"$samples"
	i=0
	while [ $i -lt 7 ]; do
		printf -- '-\tq\n-\ty\n' | HOME=$other/calcurse/home "$tools/ptybench" -s "$SIZE" -t 3000 \
			-- calcurse -D "$other/calcurse/data" | sed -n 's/^frame/calcurse first frame/p'
		i=$((i + 1))
	done >>"$samples"
fi
if part other && command -v task >/dev/null 2>&1; then
	td=$other/task
	mkdir -p "$td/home" "$td/data"
	printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ngc=off\nnews.version=99\n' \
		"$td/data" >"$td/taskrc"
	export TASKRC=$td/taskrc TASKDATA=$td/data
	HOME=$td/home task import "$ws/task.json" >/dev/null 2>&1 ||
		echo "bench: task import failed" >&2
	HOME=$td/home "$tools/runcmd" "$RUNS" "$BUDGET" "task +育儿 list" -- task +育儿 list >>"$samples"
	HOME=$td/home "$tools/runcmd" "$RUNS" "$BUDGET" "task /误区/ count" -- \
		task /误区/ count >>"$samples"
	unset TASKRC TASKDATA
fi

# ---- the table ----
{
	echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)," \
		"$(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)," \
		"load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
	echo "workspace: $ws ($(cat "$ws/summary.txt" | tr '\n' ';' | sed 's/;$//'))"
	echo "console size $SIZE; $RUNS runs per command (fewer when a series passes ${BUDGET}s)"
	echo
} >"$out/table.txt"
awk -F'\t' '
function ms(us) { return us < 0 ? "timeout" : sprintf("%.1f ms", us / 1000) }
function sortv(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t } }
function median(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
function p99(a, n,   k) { k = int(0.99 * n); if (k < 0.99 * n) k++; return a[k] }
# pad to 44 columns by display width: mawk counts bytes, and a CJK character is 3 bytes, 2 columns
function padw(s,   t, w) { t = s; w = length(s) - gsub(/[\340-\357]/, "", t); return w >= 44 ? s : s sprintf("%" (44 - w) "s", "") }
function row(l, k, m, p, fb, c, r, bk) { printf "| %s | %4s | %10s | %10s | %10s | %10s | %10s | %9s |\n", padw(l), k, m, p, fb, c, r, bk }
{
	label = $1
	if (!(label in seen)) { seen[label] = 1; order[++nl] = label }
	if ($2 == "fail") { failed[label] = 1; next }
	k = ++n[label]
	if (label ~ /peak RSS/) { rss[label] = $2; next }
	if (NF == 5) {             # a key or frame: first byte, last byte, bytes, CPU
		first[label, k] = $2; last[label, k] = $3; bytes[label] += $4; cpu[label, k] = $5
		if ($2 < 0) timeouts[label]++
	} else {                   # a command: wall, RSS, CPU
		last[label, k] = $2; cpu[label, k] = $4
		if ($3 > maxrss[label]) maxrss[label] = $3
	}
}
END {
	row("work", "runs", "median", "p99", "1st byte", "CPU med", "peak RSS", "bytes/key")
	print "|----------------------------------------------|------|------------|------------|------------|------------|------------|-----------|"
	for (i = 1; i <= nl; i++) {
		l = order[i]
		if (!(l in n)) { row(l, 0, "failed", "", "", "", "", ""); continue }
		if (l ~ /peak RSS/) { row(l, 1, "", "", "", "", sprintf("%.1f MB", rss[l] / 1024), ""); continue }
		k = n[l]; delete a; delete b; delete c
		iskey = (l, 1) in first
		for (j = 1; j <= k; j++) { a[j] = last[l, j]; b[j] = iskey ? first[l, j] : 0; c[j] = cpu[l, j] }
		sortv(a, k); sortv(b, k); sortv(c, k)
		med[l] = median(a, k); cmed[l] = median(c, k)
		row(l, k, ms(med[l]), ms(p99(a, k)), iskey ? ms(median(b, k)) : "", ms(cmed[l]),
		    l in maxrss ? sprintf("%.1f MB", maxrss[l] / 1024) : "",
		    iskey && l !~ /frame/ ? sprintf("%d", bytes[l] / k) : "")
		if (l in timeouts) printf "|   (%d of %d got no output within the timeout)\n", timeouts[l], k
	}
	print ""
	f = "console first frame"; g = "bare ncursesw first frame"
	if ((f in med) && (g in med))
		printf "first frame: sopdeck %s, bare ncursesw %s: %.1fx (goal 1.5x); CPU %s vs %s\n", ms(med[f]), ms(med[g]), med[f] / med[g], ms(cmed[f]), ms(cmed[g])
	np = split("calcurse -Q 7 days=calendar|calcurse todo list=today|calcurse first frame=console first frame|task +育儿 list=content --tag 育儿 --json|task /误区/ count=content --search 误区 --count", pairs, "|")
	for (i = 1; i <= np; i++) {
		split(pairs[i], p, "=")
		if (!((p[1] in med) && (p[2] in med))) continue
		x = med[p[1]]; y = med[p[2]]
		ratio = (x >= y) ? x / y : y / x; word = (x >= y) ? "faster" : "slower"
		cr = (cmed[p[1]] > 0 && cmed[p[2]] > 0) ? sprintf("; CPU %s vs %s", ms(cmed[p[1]]), ms(cmed[p[2]])) : ""
		printf "%-22s %10s vs sopdeck %-28s %10s: sopdeck %.2fx %s (goal 5x faster)%s\n", p[1], ms(x), p[2], ms(y), ratio, word, cr
	}
}' "$res"/*.tsv >>"$out/table.txt"
cat "$out/table.txt"
echo "(samples in $res/; the table in $out/table.txt)"

if [ "${BENCH_ALL:-0}" = 1 ]; then
	for b in "$top"/tests/bench-*.sh; do
		[ -f "$b" ] || continue
		echo "== $(basename "$b" .sh)"
		sh "$b" || echo "(benchmark failed)"
	done
fi
