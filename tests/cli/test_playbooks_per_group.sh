#!/bin/sh
# A playbook per business line in the daily loop (issue 11): each group's
# checklist (today, today --json: actions, titles, text, overdue) comes from
# its own playbook; tick GROUP:ACTION checks the action against the group's
# playbook and names it when the action is not there; an action id shared by
# two playbooks is ticked per group; a group naming no playbook follows the
# default (playbook default NAME). Under two server zones.
. "$(dirname "$0")/../lib.sh"

py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}

# A second business line: its own "morning" (same id as the default's) and a workout.
cat >"$TEST_TMP/fitness.yaml" <<'YAML'
playbook: 健身SOP
version: "2.0"
note: 健身业务线
categories:
  - {key: engage, name: 促活型, share: 60}
  - {key: training, name: 训练型, share: 40}
stages:
  - {key: launch, name: 新手期, from_day: 0, to_day: 14}
  - {key: habit, name: 习惯期, from_day: 14}
actions:
  - {id: morning, title: 晨练打卡, at: "07:00", every: day, category: engage, template: morning}
  - {id: workout, title: 晚间训练营, at: "18:30", every: day, category: engage, template: workout}
templates:
  morning: "{group}早！{stage}第一件事：打卡"
  workout: "今晚{time}，{group}训练营开练，{owner|教练}带队"
YAML

for tz in UTC Asia/Shanghai; do
	export TZ=$tz
	export SOPDECK_DB="$TEST_TMP/$(echo "$tz" | tr / _).db"
	check "TZ=$tz: init" "$SOPDECK" init
	BASE=$("$SOPDECK" playbooks --json | py "d[0]['name']")
	check "TZ=$tz: import a second playbook" "$SOPDECK" import playbook "$TEST_TMP/fitness.yaml"
	# 无名群 names none: it runs on the default, the playbook imported last.
	printf 'name,platform,type,created,owner,playbook\n宝妈一群,wecom,promotion,2026-01-05,小美,%s\n健身一群,wechat,segmented,2026-03-01,阿杰,健身SOP\n无名群,wecom,promotion,2026-01-05,小美,\n' \
		"$BASE" >"$TEST_TMP/groups.csv"
	check "TZ=$tz: groups with the playbook column" "$SOPDECK" import groups "$TEST_TMP/groups.csv"

	# 04:00Z is 12:00 in Beijing (the workspace's zone): 07:00 and 08:30 are overdue.
	SOPDECK_NOW=2026-03-04T04:00:00Z "$SOPDECK" today --json >"$TEST_TMP/t.json"
	same "TZ=$tz: each group says its playbook" \
		"$(py "[(g['name'], g['playbook'][:6], g['playbook_version']) for g in d['groups']]" <"$TEST_TMP/t.json")" \
		"[('宝妈一群', '私域社群标准', '1.0'), ('健身一群', '健身SOP', '2.0'), ('无名群', '健身SOP', '2.0')]"
	same "TZ=$tz: the fitness group has its playbook's actions, titles and stage" \
		"$(py "[(g['stage'], [(a['action'], a['title'], a['time'], a['overdue']) for a in g['actions']]) for g in d['groups'] if g['name'] == '健身一群']" <"$TEST_TMP/t.json")" \
		"[('launch', [('morning', '晨练打卡', '07:00', True), ('workout', '晚间训练营', '18:30', False)])]"
	same "TZ=$tz: its text is its playbook's template" \
		"$(py "[a['text'] for g in d['groups'] if g['name'] == '健身一群' for a in g['actions']]" <"$TEST_TMP/t.json")" \
		"['健身一群早！新手期第一件事：打卡', '今晚18:30，健身一群训练营开练，阿杰带队']"
	same "TZ=$tz: the other group keeps the default playbook's actions" \
		"$(py "[(a['action'], a['title'][:4], a['time']) for g in d['groups'] if g['name'] == '宝妈一群' for a in g['actions'] if a['kind'] == 'action']" <"$TEST_TMP/t.json")" \
		"[('morning', '早安问候', '08:30'), ('knowledge', '干货/知', '10:00'), ('afternoon', '干货分享', '15:00'), ('wed-live', '周三直播', '19:00'), ('perks', '福利推送', '20:00'), ('wed-flash', '周三限时', '20:30')]"
	"$SOPDECK" today >"$TEST_TMP/t.txt"
	contains "TZ=$tz: the text names each group's playbook (English label)" "$TEST_TMP/t.txt" "playbook 健身SOP"
	contains "TZ=$tz: ...and lists its items" "$TEST_TMP/t.txt" "晚间训练营"

	check "TZ=$tz: tick 健身一群:workout" "$SOPDECK" tick 健身一群:workout
	contains "TZ=$tz: ...says so" "$TEST_TMP/last.out" "ticked 健身一群:workout"
	expect_status "TZ=$tz: tick 宝妈一群:workout fails" 1 "$SOPDECK" tick 宝妈一群:workout
	contains "TZ=$tz: ...naming the group's playbook" "$TEST_TMP/last.err" \
		"group '宝妈一群' runs on playbook '$BASE', which has no action 'workout'"
	expect_status "TZ=$tz: tick 健身一群:knowledge fails (the default's action)" 1 "$SOPDECK" tick 健身一群:knowledge
	contains "TZ=$tz: ...naming 健身SOP" "$TEST_TMP/last.err" "playbook '健身SOP', which has no action 'knowledge'"
	# "morning" is an action of both playbooks: a tick is the group's own.
	check "TZ=$tz: tick 宝妈一群:morning" "$SOPDECK" --operator 小美 tick 宝妈一群:morning
	"$SOPDECK" today --json >"$TEST_TMP/t.json"
	same "TZ=$tz: ticks are per group" \
		"$(py "sorted((g['name'], a['action'], a['ticked_by']) for g in d['groups'] for a in g['actions'] if a['ticked'])" <"$TEST_TMP/t.json")" \
		"[('健身一群', 'workout', 'tester'), ('宝妈一群', 'morning', '小美')]"
	GID=$(py "[g['id'] for g in d['groups'] if g['name'] == '健身一群'][0]" <"$TEST_TMP/t.json")
	check "TZ=$tz: tick by id GROUPID:morning" "$SOPDECK" tick "$GID:morning"
	check "TZ=$tz: untick 宝妈一群:morning" "$SOPDECK" untick 宝妈一群:morning
	same "TZ=$tz: only that group's morning is unticked" \
		"$("$SOPDECK" today --json | py "sorted((g['name'], a['action']) for g in d['groups'] for a in g['actions'] if a['ticked'])")" \
		"[('健身一群', 'morning'), ('健身一群', 'workout')]"

	# The default moves: the group that names no playbook follows it.
	check "TZ=$tz: playbook default the base" "$SOPDECK" playbook default "$BASE"
	same "TZ=$tz: 无名群 now runs on it" \
		"$("$SOPDECK" today --json --group 无名群 | py "[(g['playbook'][:6], [a['action'] for a in g['actions']][:2]) for g in d['groups']]")" \
		"[('私域社群标准', ['morning', 'knowledge'])]"
	same "TZ=$tz: playbooks counts each playbook's groups" \
		"$("$SOPDECK" playbooks --json | py "sorted((p['name'][:6], p['groups'], p['default']) for p in d)")" \
		"[('健身SOP', 1, False), ('私域社群标准', 2, True)]"
	expect_status "TZ=$tz: tick 无名群:workout now fails" 1 "$SOPDECK" tick 无名群:workout
done

# Completing action ids offers every playbook's, each once.
same "complete actions: both playbooks' ids, morning once" \
	"$("$SOPDECK" complete actions | grep -c -x -e morning -e workout -e knowledge)" "3"

# ---- reports per playbook (the last workspace: 宝妈一群 and 无名群 on the base, 健身一群 on 健身SOP) ----
sed 's/^version: .*/version: "2.1"/; s/^note: .*/note: 训练营改到晚上/' "$TEST_TMP/fitness.yaml" >"$TEST_TMP/fitness2.yaml"
check "a new version of 健身SOP on the report's day" env SOPDECK_NOW=2026-03-04T02:00:00Z "$SOPDECK" import playbook "$TEST_TMP/fitness2.yaml"
"$SOPDECK" report --day 2026-03-04 --format json >"$TEST_TMP/r.json"
same "report --format json: each group's playbook" \
	"$(py "sorted((g['name'], g['playbook'][:6], g['due'], g['done']) for g in d['groups'])" <"$TEST_TMP/r.json")" \
	"[('健身一群', '健身SOP', 2, 2), ('宝妈一群', '私域社群标准', 6, 0), ('无名群', '私域社群标准', 6, 0)]"
same "report --format json: due and done per playbook" \
	"$(py "sorted((p['name'][:6], p['default'], p['groups'], p['due'], p['done']) for p in d['playbooks'])" <"$TEST_TMP/r.json")" \
	"[('健身SOP', False, 1, 2, 2), ('私域社群标准', True, 2, 12, 0)]"
same "report --format json: the version says its playbook" \
	"$(py "[(v['playbook'], v['version']) for v in d['versions']]" <"$TEST_TMP/r.json")" \
	"[('健身SOP', '2.1')]"
"$SOPDECK" --lang zh report --day 2026-03-04 >"$TEST_TMP/r.md"
contains "report: the figures per playbook" "$TEST_TMP/r.md" "  - 健身SOP（1 个群）：应做 2，已做 2，漏做 0，完成率 100.0%"
contains "report: the version under its playbook" "$TEST_TMP/r.md" "- 健身SOP V2.1（"

# The content library is shared: a category of either playbook filters it.
check "content --category of the second playbook" "$SOPDECK" content --category 训练型 --json
expect_status "content --category that no playbook has" 2 "$SOPDECK" content --category 没有这类

# ---- an A/B test belongs to one playbook ----
expect_status "ab new over groups of two playbooks fails" 1 "$SOPDECK" ab new mix --action morning --metric open_rate --copy 甲 乙 --groups 宝妈一群,健身一群
contains "...saying why" "$TEST_TMP/last.err" "run on different playbooks"
expect_status "ab new checks the metric in the groups' playbook" 1 "$SOPDECK" ab new fit --action workout --metric open_rate --copy 甲 乙 --groups 健身一群
contains "...naming it" "$TEST_TMP/last.err" "no metric 'open_rate' in playbook 健身SOP"
check "ab new without --groups: the default playbook's groups" "$SOPDECK" ab new base --action morning --metric open_rate --copy 甲 乙
same "ab --json: its playbook and groups" \
	"$("$SOPDECK" ab --json | py "[(t['name'], t['playbook'][:6], sorted(t['groups'])) for t in d]")" \
	"[('base', '私域社群标准', ['宝妈一群', '无名群'])]"

# ---- the calendar sheet read back: each group's 栏目 from its own playbook ----
check "export the week's sheet with empty slots" "$SOPDECK" export calendar --format csv --week 2026-W10 --with-empty -o "$TEST_TMP/week.csv"
python3 - "$TEST_TMP/week.csv" "$TEST_TMP/fill.csv" "$TEST_TMP/wrong.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
head, body = rows[0], rows[1:]
fit = [r for r in body if r[3] == "健身一群" and r[4] == "晚间训练营" and r[0] == "2026-03-05"][0]
fit[6] = "核心训练：平板支撑"
base = [r for r in body if r[3] == "宝妈一群" and r[4] == "早安问候" and r[0] == "2026-03-05"][0]
base[6] = "早安：喝温水"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows([head, fit, base])
wrong = list(fit)
wrong[4] = "福利推送"   # the default playbook's 栏目, not 健身SOP's
wrong[2] = "20:00"
csv.writer(open(sys.argv[3], "w", encoding="utf-8", newline="")).writerows([head, wrong])
PY
check "import calendar: a row per line's own 栏目" "$SOPDECK" import calendar "$TEST_TMP/fill.csv"
contains "...both slots written" "$TEST_TMP/last.out" "2 slots written"
same "the fitness group's slot is its own action's" \
	"$("$SOPDECK" export calendar --format csv --week 2026-W10 | python3 -c 'import csv,sys; print(sorted((r[3], r[4], r[6]) for r in csv.reader(sys.stdin) if r[6] in ("核心训练：平板支撑", "早安：喝温水")))')" \
	"[('健身一群', '晚间训练营', '核心训练：平板支撑'), ('宝妈一群', '早安问候', '早安：喝温水')]"
expect_status "import calendar: another line's 栏目 is refused" 1 "$SOPDECK" import calendar "$TEST_TMP/wrong.csv"
contains "...naming the group's playbook" "$TEST_TMP/last.err" \
	"wrong.csv:2: unknown 栏目 '福利推送' (group 健身一群 runs on playbook '健身SOP', which has no action of that name)"

# ---- calendar --json: each group's cells its own playbook's, as the group alone shows them ----
# (the week's JSON writes the members a row's cells of a day share once per action)
"$SOPDECK" calendar --json --week 2026-W10 >"$TEST_TMP/all.json"
for g in 健身一群 宝妈一群 无名群; do
	"$SOPDECK" calendar --json --week 2026-W10 --group "$g" >"$TEST_TMP/one.json"
	same "calendar --json: $g's cells as alone" "$(python3 - "$TEST_TMP/all.json" "$TEST_TMP/one.json" "$g" <<'PY'
import json, sys
all_ = json.load(open(sys.argv[1]))
one = json.load(open(sys.argv[2]))
mine = [g for g in all_["groups"] if g["name"] == sys.argv[3]][0]
print(mine["cells"] == one["groups"][0]["cells"] and len(mine["cells"]) > 0)
PY
)" "True"
done
same "calendar --json: two playbooks' actions in one week" \
	"$(py "sorted({c['action_title'] for g in d['groups'] for c in g['cells'] if c['action_title'] in ('晚间训练营', '早安问候')})" <"$TEST_TMP/all.json")" \
	"['早安问候', '晚间训练营']"

# ---- importing a second line moves the groups that name no playbook: it is said ----
for tz in UTC America/Los_Angeles; do
	export TZ=$tz
	export SOPDECK_DB="$TEST_TMP/moved-$(echo "$tz" | tr / _).db"
	check "TZ=$tz: init (moved)" "$SOPDECK" init
	printf 'name,platform,type,created,owner\n宝妈一群,wecom,promotion,2026-01-05,小美\n宝妈二群,wecom,promotion,2026-01-05,小美\n' \
		>"$TEST_TMP/moved.csv"
	check "TZ=$tz: two groups naming no playbook" "$SOPDECK" import groups "$TEST_TMP/moved.csv"
	check "TZ=$tz: one pinned to the base" "$SOPDECK" group set 宝妈二群 --playbook "$BASE"
	expect_status "TZ=$tz: import a second line" 0 "$SOPDECK" import playbook "$TEST_TMP/fitness.yaml"
	contains "TZ=$tz: ...says the default moved and how many groups follow it" "$TEST_TMP/last.err" \
		"note: 健身SOP is now the default playbook (the newest import); groups naming no playbook run on it: 1 ("
	same "TZ=$tz: ...the unpinned group runs on it, the pinned one not" \
		"$("$SOPDECK" groups --json | py "sorted((g['name'], g['playbook'][:6]) for g in d)")" \
		"[('宝妈一群', '健身SOP'), ('宝妈二群', '私域社群标准')]"
	check "TZ=$tz: playbook default the base (moved)" "$SOPDECK" playbook default "$BASE"
	expect_status "TZ=$tz: a new version of the second line" 0 "$SOPDECK" import playbook "$TEST_TMP/fitness2.yaml"
	if grep -q "default playbook" "$TEST_TMP/last.err"; then
		not_ok "TZ=$tz: ...with a default set, nothing moves and nothing is said" "$(cat "$TEST_TMP/last.err")"
	else ok "TZ=$tz: ...with a default set, nothing moves and nothing is said"; fi
done
