#!/bin/sh
# The daily checklist from the command line: import groups (YAML, CSV, GBK CSV),
# today (text and JSON), tick/untick with the operator, global option positions,
# a broken import that changes nothing, usage errors.
. "$(dirname "$0")/../lib.sh"

# py EXPR: evaluate a Python expression over the JSON document on stdin (as d).
py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# item_id GROUP ACTION: the item ID `today --json` gives for that group's action.
item_id() {
	"$SOPDECK" today --json | py "[a['id'] for g in d['groups'] if g['name']=='$1' for a in g['actions'] if a['action']=='$2'][0]"
}
# field ID KEY: one field of an item in `today --json` (extra args go to sopdeck first).
field() {
	id=$1 key=$2
	shift 2
	"$SOPDECK" "$@" today --json | py "[a['$key'] for g in d['groups'] for a in g['actions'] if a['id']=='$id'][0]"
}

# ---- import ----
check "import groups YAML" "$SOPDECK" import groups "$FIXTURES/groups.yaml"
contains "YAML import counts" "$TEST_TMP/last.out" "imported 2 groups"
check "import groups CSV (BOM, CRLF, Chinese header)" "$SOPDECK" import groups "$FIXTURES/groups.csv"
contains "CSV import counts" "$TEST_TMP/last.out" "imported 2 groups"
sed '1s/^\xEF\xBB\xBF//' "$FIXTURES/groups.csv" | iconv -f UTF-8 -t GBK >"$TEST_TMP/groups-gbk.csv"
if python3 -c "open('$TEST_TMP/groups-gbk.csv', encoding='utf-8').read()" 2>/dev/null; then
	not_ok "GBK fixture is really not UTF-8"
else
	ok "GBK fixture is really not UTF-8"
fi
check "import groups CSV in GBK (updates by name)" "$SOPDECK" import groups "$TEST_TMP/groups-gbk.csv"
n=$("$SOPDECK" today --json | py "len(d['groups'])")
if [ "$n" = 4 ]; then ok "re-import updated, did not duplicate"; else not_ok "re-import updated, did not duplicate" "groups: $n"; fi

# ---- today, text ----
"$SOPDECK" today >"$TEST_TMP/today.txt" 2>&1
for name in 宝妈育儿交流群 职场穿搭研究所 老客户售后服务群 轻食减脂打卡营; do
	contains "today lists $name" "$TEST_TMP/today.txt" "$name"
done
contains "today shows the date" "$TEST_TMP/today.txt" "2026-03-04"
contains "today shows an action (English: the playbook's title_en)" "$TEST_TMP/today.txt" "morning greeting"
lacks "English: no Chinese title beside title_en" "$TEST_TMP/today.txt" "早安问候"
contains "today shows day and stage (English: name_en)" "$TEST_TMP/today.txt" "day 3 launch"
contains "cold start day 3 topic for the new group" "$TEST_TMP/today.txt" "first interaction topic"
# Chinese: the title alone, no English gloss (issue 15).
"$SOPDECK" --lang zh today >"$TEST_TMP/today-zh.txt" 2>&1
contains "zh: today shows the Chinese title" "$TEST_TMP/today-zh.txt" "1:morning                早安问候"
lacks "zh: no English gloss" "$TEST_TMP/today-zh.txt" "morning greeting"
contains "zh: day and stage in Chinese" "$TEST_TMP/today-zh.txt" "第3天 初建期"
contains "zh: cold start day 3 topic" "$TEST_TMP/today-zh.txt" "你最想解决的问题是"
morning=$(item_id 宝妈育儿交流群 morning)
contains "today shows item IDs" "$TEST_TMP/today.txt" "$morning"

# ---- today, JSON ----
"$SOPDECK" today --json >"$TEST_TMP/today.json"
check "today --json is valid JSON" python3 -m json.tool "$TEST_TMP/today.json"
got=$(py "all(set(['id','action','title','time','ticked','ticked_by','ticked_at']) <= set(a) for g in d['groups'] for a in g['actions']) and all(g['actions'] for g in d['groups'])" <"$TEST_TMP/today.json")
if [ "$got" = True ]; then ok "every JSON item has id, title, time, ticked, ticked_by"; else not_ok "every JSON item has id, title, time, ticked, ticked_by" "$(head -c 1500 "$TEST_TMP/today.json")"; fi
# By name in pinyin (bǎo, lǎo, qīng, zhí; issue 15), not by code point (职 U+804C < 轻 U+8F7B).
got=$(py "' '.join(g['name'] for g in d['groups'])" <"$TEST_TMP/today.json")
if [ "$got" = "宝妈育儿交流群 老客户售后服务群 轻食减脂打卡营 职场穿搭研究所" ]; then
	ok "JSON groups ordered by name"; else not_ok "JSON groups ordered by name" "got: $got"; fi
got=$(py "all([a['time'] or '99' for a in g['actions']] == sorted(a['time'] or '99' for a in g['actions']) for g in d['groups'])" <"$TEST_TMP/today.json")
if [ "$got" = True ]; then ok "JSON items in time order, any-time last"; else not_ok "JSON items in time order, any-time last"; fi
got=$(py "d['date'], d['done'], d['total'] == sum(len(g['actions']) for g in d['groups'])" <"$TEST_TMP/today.json")
if [ "$got" = "2026-03-04 0 True" ]; then ok "JSON date and progress"; else not_ok "JSON date and progress" "$got"; fi
got=$(py "[g['stage'] for g in d['groups'] if g['name']=='宝妈育儿交流群'][0], [g['day'] for g in d['groups'] if g['name']=='宝妈育儿交流群'][0]" <"$TEST_TMP/today.json")
if [ "$got" = "launch 3" ]; then ok "JSON stage and day"; else not_ok "JSON stage and day" "$got"; fi

# ---- tick / untick ----
check "tick $morning" "$SOPDECK" tick "$morning"
if [ "$(field "$morning" ticked_by)" = tester ] && [ "$(field "$morning" ticked)" = True ]; then
	ok "today --json shows ticked_by tester"
else
	not_ok "today --json shows ticked_by tester" "$(field "$morning" ticked_by)"
fi
"$SOPDECK" today >"$TEST_TMP/today2.txt"
contains "text output marks the tick" "$TEST_TMP/today2.txt" "[x] 08:30  $morning"
contains "text output shows progress" "$TEST_TMP/today2.txt" "1/"
check "ticking twice is fine" "$SOPDECK" --operator 小美 tick "$morning"
contains "ticking twice says who ticked it first" "$TEST_TMP/last.out" \
	"$morning already ticked by tester at "
if [ "$(field "$morning" ticked_by)" = tester ]; then ok "second tick keeps the first operator"; else
	not_ok "second tick keeps the first operator" "$(field "$morning" ticked_by)"; fi
perks=$(item_id 职场穿搭研究所 perks)
check "tick as another operator" "$SOPDECK" tick "$perks" --operator 小美
if [ "$(field "$perks" ticked_by)" = 小美 ]; then ok "operator recorded"; else not_ok "operator recorded"; fi
if [ "$(field "$morning" ticked --today 2026-03-05)" = False ]; then ok "ticks belong to their day"; else not_ok "ticks belong to their day"; fi
check "untick" "$SOPDECK" untick "$morning"
if [ "$(field "$morning" ticked)" = False ] && [ "$(field "$morning" ticked_by)" = None ]; then
	ok "untick clears the tick"
else
	not_ok "untick clears the tick"
fi
expect_status "untick of an unticked item fails" 1 "$SOPDECK" untick "$morning"
contains "untick says it was not ticked" "$TEST_TMP/last.err" "not ticked"
gid=${morning%%:*}
expect_status "tick of an item not due today fails" 1 "$SOPDECK" tick "$gid:month-review"
contains "not-due message names item and day" "$TEST_TMP/last.err" "$gid:month-review is not on the checklist for 2026-03-04"
expect_status "tick of an unknown group fails" 1 "$SOPDECK" tick 999:morning
contains "unknown group message" "$TEST_TMP/last.err" "no group with id 999"

# ---- --today before and after the subcommand ----
for args in "--today 2026-03-05 today --json" "today --json --today 2026-03-05" "today --today=2026-03-05 --json"; do
	# shellcheck disable=SC2086
	got=$("$SOPDECK" $args | py "d['date']")
	if [ "$got" = 2026-03-05 ]; then ok "--today position: $args"; else not_ok "--today position: $args" "$got"; fi
done
got=$(SOPDECK_TODAY=2026-03-06 "$SOPDECK" today --json | py "d['date']")
if [ "$got" = 2026-03-06 ]; then ok "\$SOPDECK_TODAY"; else not_ok "\$SOPDECK_TODAY" "$got"; fi
check "tick on another day with --today after the ID" "$SOPDECK" tick "$morning" --today 2026-03-05
if [ "$(field "$morning" ticked --today 2026-03-05)" = True ]; then ok "tick went to that day"; else not_ok "tick went to that day"; fi
"$SOPDECK" today --group 轻食减脂打卡营 --json >"$TEST_TMP/one.json"
got=$(py "[g['name'] for g in d['groups']]" <"$TEST_TMP/one.json")
if [ "$got" = "['轻食减脂打卡营']" ]; then ok "today --group"; else not_ok "today --group" "$got"; fi
expect_status "today --group unknown fails" 1 "$SOPDECK" today --group 没有这个群

# ---- failed imports change nothing, byte for byte ----
db=$SOPDECK_DB
cp "$db" "$TEST_TMP/before.db"
before=$(sha256sum <"$db")
cp "$FIXTURES/bad-playbook.yaml" "$TEST_TMP/bad.yaml"
(cd "$TEST_TMP" && "$SOPDECK" import playbook bad.yaml) >"$TEST_TMP/last.out" 2>"$TEST_TMP/last.err"
st=$?
if [ "$st" = 1 ]; then ok "broken playbook exits 1"; else not_ok "broken playbook exits 1" "exit $st"; fi
contains "broken playbook: file:line:col on stderr" "$TEST_TMP/last.err" "bad.yaml:9:5:"
contains "broken playbook: names the key" "$TEST_TMP/last.err" "evry"
if cmp -s "$db" "$TEST_TMP/before.db" && [ "$(sha256sum <"$db")" = "$before" ]; then
	ok "broken playbook leaves the database byte-for-byte the same"
else
	not_ok "broken playbook leaves the database byte-for-byte the same"
fi
expect_status "broken group file exits 1" 1 "$SOPDECK" import groups "$FIXTURES/bad-groups.yaml"
contains "broken group file: file:line:col" "$TEST_TMP/last.err" "bad-groups.yaml:7:9:"
if cmp -s "$db" "$TEST_TMP/before.db"; then ok "broken group file changes nothing"; else
	not_ok "broken group file changes nothing"; fi
"$SOPDECK" today >"$TEST_TMP/today3.txt"
lacks "the good row before the bad one was not imported" "$TEST_TMP/today3.txt" "新群"
n=$("$SOPDECK" today --json | py "len(d['groups'])")
if [ "$n" = 4 ]; then ok "still 4 groups"; else not_ok "still 4 groups" "$n"; fi

# ---- usage errors exit 2 ----
expect_status "unknown option to today" 2 "$SOPDECK" today --bogus
expect_status "tick without ID" 2 "$SOPDECK" tick
expect_status "tick with a malformed ID" 2 "$SOPDECK" tick morning
expect_status "import without file" 2 "$SOPDECK" import groups
expect_status "import of an unknown kind" 2 "$SOPDECK" import nonsense x.yaml
expect_status "--today not a date" 2 "$SOPDECK" --today 2026-02-30 today
expect_status "--today without value" 2 "$SOPDECK" today --today
expect_status "unknown command" 2 "$SOPDECK" frobnicate
expect_status "missing group file is a failure, not usage" 1 "$SOPDECK" import groups "$TEST_TMP/none.yaml"

# ---- a new playbook version takes effect; node countdowns ----
check "import a playbook with a countdown" "$SOPDECK" import playbook "$FIXTURES/countdown-playbook.yaml"
"$SOPDECK" --today 2026-03-05 today --json >"$TEST_TMP/cd.json"
got=$(py "sorted((g['name'], a['action'], a.get('node'), a.get('days_to_node')) for g in d['groups'] for a in g['actions'] if a['action'] != 'morning')" <"$TEST_TMP/cd.json")
# 宝妈育儿交流群 is 3 days old (launch) and the service group is filtered by type.
want="[('职场穿搭研究所', 'member-countdown', '会员日', 3), ('轻食减脂打卡营', 'member-countdown', '会员日', 3)]"
if [ "$got" = "$want" ]; then ok "countdown 3 days before, filtered by stage and type"; else not_ok "countdown 3 days before, filtered by stage and type" "$got"; fi
"$SOPDECK" --today 2026-03-07 today >"$TEST_TMP/cd.txt"
contains "text shows the days left" "$TEST_TMP/cd.txt" "(会员日 in 1 day)"
n=$("$SOPDECK" --today 2026-03-06 today --json | py "sum(len(g['actions']) for g in d['groups'])")
if [ "$n" = 4 ]; then ok "no countdown on a day not listed"; else not_ok "no countdown on a day not listed" "$n"; fi
# A day before every group was created: an empty list, not "no groups yet".
printf 'name,platform,type,created\n新群A,wecom,promotion,2025-11-01\n新群B,wecom,service,2025-12-01\n' \
	>"$TEST_TMP/later.csv"
"$SOPDECK" --db "$TEST_TMP/later.db" import groups "$TEST_TMP/later.csv" >/dev/null
"$SOPDECK" --db "$TEST_TMP/later.db" --today 2025-10-01 today >"$TEST_TMP/later.txt"
contains "a day before the first group says when it was created" "$TEST_TMP/later.txt" \
	"no group exists yet on 2025-10-01: the first was created on 2025-11-01"
lacks "...not that there are no groups" "$TEST_TMP/later.txt" "no groups yet"
