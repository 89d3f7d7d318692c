#!/bin/sh
# The Today tab with two business lines (issue 11): each group's items, titles
# and the text Enter shows come from its own playbook; ticking a group's
# "morning" leaves the other playbook's "morning" of another group open.
. "$(dirname "$0")/../lib.sh"
# Its markers are the Chinese interface's (lib.sh sets English for the older suites).
export SOPDECK_LANG=zh

DB=$TEST_TMP/lines.db
cat >"$TEST_TMP/fitness.yaml" <<'YAML'
playbook: 健身SOP
version: "2.0"
stages:
  - {key: launch, name: 新手期, from_day: 0, to_day: 14}
  - {key: habit, name: 习惯期, from_day: 14}
actions:
  - {id: morning, title: 晨练打卡, at: "07:00", every: day, template: morning}
  - {id: workout, title: 晚间训练营, at: "18:30", every: day}
templates:
  morning: "{group}早！{stage}第一件事：打卡"
YAML
"$SOPDECK" --db "$DB" init >/dev/null
BASE=$("$SOPDECK" --db "$DB" playbooks --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["name"])')
"$SOPDECK" --db "$DB" import playbook "$TEST_TMP/fitness.yaml" >/dev/null
printf 'name,platform,type,created,playbook\n健身一群,wechat,segmented,2026-03-01,健身SOP\n宝妈一群,wecom,promotion,2026-01-05,%s\n' \
	"$BASE" >"$TEST_TMP/groups.csv"
check "groups on two playbooks" "$SOPDECK" --db "$DB" import groups "$TEST_TMP/groups.csv"
# The base is the default: only the fitness group's own playbook gives it the fitness items.
check "the base playbook is the default" "$SOPDECK" --db "$DB" playbook default "$BASE"

tmux_start 100 30 "$SOPDECK --db $DB --today 2026-03-04 --operator 阿杰"
see "the fitness group's own items" "晨练打卡"
see "...and its workout" "晚间训练营"
see "the other group keeps the default's" "早安问候"
# 健身一群 comes last (pinyin: bǎo before jiàn): G its 18:30 workout, k its 07:00 morning.
keys G k Enter
see "Enter shows the fitness playbook's template" "健身一群早！新手期第一件事：打卡"
keys Escape
wait_gone "第一件事" 5 && ok "the detail closes" || not_ok "the detail closes" "$(screen)"
keys Space
polls=50
until screen | grep -q '\[x\].*晨练打卡.*阿杰' || [ "$polls" -le 0 ]; do sleep 0.1; polls=$((polls - 1)); done
if screen | grep -q '\[x\].*晨练打卡.*阿杰'; then ok "Space ticks it, with the operator"
else not_ok "Space ticks it, with the operator" "$(screen)"; fi
keys q
tmux_stop
"$SOPDECK" --db "$DB" --today 2026-03-04 today --json >"$TEST_TMP/t.json"
got=$(python3 -c 'import json,sys; d=json.load(sys.stdin); print(sorted((g["name"], a["action"], a["ticked"]) for g in d["groups"] for a in g["actions"] if a["action"] == "morning"))' <"$TEST_TMP/t.json")
if [ "$got" = "[('健身一群', 'morning', True), ('宝妈一群', 'morning', False)]" ]; then
	ok "the tick is the fitness group's morning only"
else
	not_ok "the tick is the fitness group's morning only" "$got"
fi
