#!/bin/sh
# The demo workspace: groups in different stages, types and platforms, some
# of today's items already ticked by teammates; created once.
. "$(dirname "$0")/../lib.sh"

py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
demo="$TEST_TMP/demo.db"

check "--demo today --json" "$SOPDECK" --db "$demo" --demo today --json
cp "$TEST_TMP/last.out" "$TEST_TMP/demo.json"
check "demo JSON is valid" python3 -m json.tool "$TEST_TMP/demo.json"
got=$(py "5 <= len(d['groups']) <= 6" <"$TEST_TMP/demo.json")
if [ "$got" = True ]; then ok "5-6 demo groups"; else not_ok "5-6 demo groups" "$got"; fi
got=$(py "sorted(set(g['platform'] for g in d['groups'])), sorted(set(g['type'] for g in d['groups']))" <"$TEST_TMP/demo.json")
if [ "$got" = "['wechat', 'wecom'] ['promotion', 'segmented', 'service']" ]; then
	ok "both platforms and every type"
else
	not_ok "both platforms and every type" "$got"
fi
got=$(py "len(set(g['stage'] for g in d['groups'])) >= 4" <"$TEST_TMP/demo.json")
if [ "$got" = True ]; then ok "groups in at least 4 stages"; else not_ok "groups in at least 4 stages"; fi
got=$(py "d['done'] > 0 and all(a['ticked_by'] != 'tester' and a['ticked_at'].startswith(d['date']) for g in d['groups'] for a in g['actions'] if a['ticked'])" <"$TEST_TMP/demo.json")
if [ "$got" = True ]; then ok "some items ticked today by teammates"; else not_ok "some items ticked today by teammates" "$(head -c 800 "$TEST_TMP/demo.json")"; fi
contains "Chinese group names" "$TEST_TMP/demo.json" "职场穿搭研究所"

# A second start keeps the same workspace.
"$SOPDECK" --db "$demo" --demo today --json >"$TEST_TMP/demo2.json"
got=$(py "len(d['groups'])" <"$TEST_TMP/demo2.json")
want=$(py "len(d['groups'])" <"$TEST_TMP/demo.json")
if [ "$got" = "$want" ]; then ok "demo is created once"; else not_ok "demo is created once" "$got vs $want"; fi
# A workspace that already has groups is left alone.
"$SOPDECK" import groups "$FIXTURES/groups.yaml" >/dev/null
"$SOPDECK" --db "$SOPDECK_DB" --demo today --json >"$TEST_TMP/own.json"
got=$(py "len(d['groups'])" <"$TEST_TMP/own.json")
if [ "$got" = 2 ]; then ok "--demo does not touch a database with groups"; else not_ok "--demo does not touch a database with groups" "$got"; fi
