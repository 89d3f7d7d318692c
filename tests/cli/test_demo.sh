#!/bin/sh
# The demo workspace: groups in different stages, types and platforms, some
# of today's items already ticked by teammates; created once.
. "$(dirname "$0")/../lib.sh"

py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# --demo always uses $XDG_DATA_HOME/sopdeck/demo.db, never --db or $SOPDECK_DB.
export XDG_DATA_HOME="$TEST_TMP/xdg"
demo="$XDG_DATA_HOME/sopdeck/demo.db"

check "--demo today --json" "$SOPDECK" --demo today --json
cp "$TEST_TMP/last.out" "$TEST_TMP/demo.json"
check "demo JSON is valid" python3 -m json.tool "$TEST_TMP/demo.json"
got=$(py "5 <= len(d['groups']) <= 7" <"$TEST_TMP/demo.json")
if [ "$got" = True ]; then ok "5-7 demo groups"; else not_ok "5-7 demo groups" "$got"; fi
# Two business lines: two groups on the 穿搭 playbook, with its own actions and texts.
got=$(py "sorted(g['name'] for g in d['groups'] if g['playbook'] == '穿搭社群SOP'), all(any(a['action'] == 'outfit' and '今日穿搭' in a['text'] for a in g['actions']) for g in d['groups'] if g['playbook'] == '穿搭社群SOP'), any(a['action'] == 'outfit' for g in d['groups'] if g['playbook'] != '穿搭社群SOP' for a in g['actions'])" <"$TEST_TMP/demo.json")
if [ "$got" = "['白领穿搭福利群', '职场穿搭研究所'] True False" ]; then ok "two groups on the 穿搭 playbook, with its actions"
else not_ok "two groups on the 穿搭 playbook, with its actions" "$got"; fi
got=$("$SOPDECK" --demo playbooks --json | py "sorted((p['name'][:6], p['groups'], p['default']) for p in d)")
if [ "$got" = "[('私域社群标准', 5, True), ('穿搭社群SO', 2, False)]" ]; then ok "demo: two playbooks, the 母婴 one the default"
else not_ok "demo: two playbooks, the 母婴 one the default" "$got"; fi
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
"$SOPDECK" --demo today --json >"$TEST_TMP/demo2.json"
got=$(py "len(d['groups'])" <"$TEST_TMP/demo2.json")
want=$(py "len(d['groups'])" <"$TEST_TMP/demo.json")
if [ "$got" = "$want" ]; then ok "demo is created once"; else not_ok "demo is created once" "$got vs $want"; fi
# The real workspace (named by $SOPDECK_DB, as docs/sharing.md sets it) is never touched.
"$SOPDECK" import groups "$FIXTURES/groups.yaml" >/dev/null
sqlite3 "$SOPDECK_DB" .dump >"$TEST_TMP/own-before.sql"
"$SOPDECK" --demo today --json >"$TEST_TMP/own.json"
sqlite3 "$SOPDECK_DB" .dump >"$TEST_TMP/own-after.sql"
if cmp -s "$TEST_TMP/own-before.sql" "$TEST_TMP/own-after.sql"; then
	ok "--demo with SOPDECK_DB set leaves the real database byte-for-byte"; else
	not_ok "--demo with SOPDECK_DB set leaves the real database byte-for-byte" \
		"$(diff "$TEST_TMP/own-before.sql" "$TEST_TMP/own-after.sql" | head -5)"; fi
got=$(py "len(d['groups'])" <"$TEST_TMP/own.json")
if [ "$got" = "$want" ]; then ok "--demo with SOPDECK_DB set shows the demo"; else
	not_ok "--demo with SOPDECK_DB set shows the demo" "$got groups"; fi
expect_status "--demo with --db is a usage error" 2 "$SOPDECK" --db "$SOPDECK_DB" --demo today
contains "--demo with --db: says why" "$TEST_TMP/last.err" "demo.db"
sqlite3 "$SOPDECK_DB" .dump >"$TEST_TMP/own-after.sql"
if cmp -s "$TEST_TMP/own-before.sql" "$TEST_TMP/own-after.sql"; then
	ok "--demo --db: the real database is unchanged"; else
	not_ok "--demo --db: the real database is unchanged"; fi

# --demo as an option's value is that value: a search for "--demo", nothing filled.
"$SOPDECK" content --search --demo >"$TEST_TMP/search.out" 2>&1
rc=$?
sqlite3 "$SOPDECK_DB" .dump >"$TEST_TMP/own-after.sql"
if [ "$rc" -eq 0 ] && cmp -s "$TEST_TMP/own-before.sql" "$TEST_TMP/own-after.sql"; then
	ok "content --search --demo: a search, the database unchanged"; else
	not_ok "content --search --demo: a search, the database unchanged" "rc=$rc" \
		"$(head -3 "$TEST_TMP/search.out")"; fi

# A usage error creates no demo workspace.
rm -rf "$XDG_DATA_HOME"
expect_status "--demo with a bad option: usage error" 2 "$SOPDECK" --demo today --no-such-option
if [ -e "$demo" ]; then not_ok "--demo with a usage error creates no demo.db"; else
	ok "--demo with a usage error creates no demo.db"; fi
expect_status "--demo after the command is the command's to refuse" 2 "$SOPDECK" today --demo
if [ -e "$demo" ]; then not_ok "today --demo creates no demo.db"; else
	ok "today --demo creates no demo.db"; fi
