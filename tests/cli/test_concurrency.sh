#!/bin/sh
# Several operators at once: 8 processes ticking, unticking and importing against one
# database lose nothing and never fail with "database is locked".
. "$(dirname "$0")/../lib.sh"

py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# Eight groups, so each operator has items of their own.
{
	echo "name,platform,type,created,owner,positioning"
	for i in 1 2 3 4 5 6 7 8; do echo "并发测试群$i,wecom,promotion,2026-01-01,小美,定位$i"; done
} >"$TEST_TMP/groups.csv"
check "import 8 groups" "$SOPDECK" import groups "$TEST_TMP/groups.csv"
"$SOPDECK" today --json >"$TEST_TMP/today.json"
ids=$(py "' '.join(a['id'] for g in d['groups'] for a in g['actions'])" <"$TEST_TMP/today.json")
total=$(echo "$ids" | wc -w)
if [ "$total" -ge 16 ]; then ok "enough items to share out ($total)"; else not_ok "enough items ($total)"; fi

# Operator k ticks every 8th item (offset k), unticks and re-ticks it; meanwhile
# re-imports of the same groups run too.
pids=""
for k in 0 1 2 3 4 5 6 7; do
	(
		n=0 rc=0
		for id in $ids; do
			if [ $((n % 8)) -eq "$k" ]; then
				"$SOPDECK" --operator "op$k" tick "$id" >/dev/null || rc=1
				"$SOPDECK" --operator "op$k" untick "$id" >/dev/null || rc=1
				"$SOPDECK" --operator "op$k" tick "$id" >/dev/null || rc=1
			fi
			n=$((n + 1))
		done
		"$SOPDECK" --operator "op$k" import groups "$TEST_TMP/groups.csv" >/dev/null || rc=1
		exit $rc
	) 2>"$TEST_TMP/err.$k" &
	pids="$pids $!"
done
failed=0
for p in $pids; do wait "$p" || failed=$((failed + 1)); done
if [ "$failed" -eq 0 ]; then ok "all 8 writers succeeded"; else
	not_ok "all 8 writers succeeded" "$failed failed:" "$(cat "$TEST_TMP"/err.*)"
fi
if cat "$TEST_TMP"/err.* | grep -qi "locked\|busy"; then
	not_ok "no 'database is locked'" "$(cat "$TEST_TMP"/err.*)"
else
	ok "no 'database is locked'"
fi

"$SOPDECK" today --json >"$TEST_TMP/after.json"
done_n=$(py "d['done']" <"$TEST_TMP/after.json")
if [ "$done_n" = "$total" ]; then ok "every tick kept ($done_n/$total)"; else
	not_ok "every tick kept" "$done_n of $total ticked"
fi
# Each item was ticked by the operator whose share it was.
bad=$(py "sum(1 for i, a in enumerate(a for g in d['groups'] for a in g['actions']) if a['ticked_by'] != 'op%d' % (i % 8))" <"$TEST_TMP/after.json")
if [ "$bad" = 0 ]; then ok "each tick records its own operator"; else not_ok "each tick records its own operator" "$bad wrong"; fi
# 3 changes per item + 8 imports + 1 first import, all in the audit log.
want=$((total * 3 + 9))
got=$("$SOPDECK" log --limit 100000 --json | py "len(d)")
if [ "$got" -ge "$want" ]; then ok "audit log has every change ($got)"; else
	not_ok "audit log has every change" "$got entries, wanted at least $want"
fi
integrity=$(python3 -c "import sqlite3; print(sqlite3.connect('$SOPDECK_DB').execute('pragma integrity_check').fetchone()[0])")
if [ "$integrity" = ok ]; then ok "integrity_check ok"; else not_ok "integrity_check ok" "$integrity"; fi
