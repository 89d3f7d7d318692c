#!/bin/sh
# The console on a team's workspace (issue 11): an operator who owns groups
# starts on them, the status bar says which, O switches to all groups and back;
# `e` in Today changes a group (owner, playbook, archive) as `group set|archive` do.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/team.db
cat >"$TEST_TMP/groups.csv" <<'CSV'
群名,平台,类型,创建日期,群主
宝妈早教群,企业微信,群发推广型,2025-01-10,小美
健身打卡营,个人微信,精细化运营型,2025-02-01,阿杰
旧活动群,企业微信,群发推广型,2025-03-01,小美
CSV
"$SOPDECK" --db "$DB" import groups "$TEST_TMP/groups.csv" >/dev/null

tmux_start 100 30 "$SOPDECK --db $DB --today 2026-03-04 --operator 小美"
see "小美 starts on her groups: the status bar says so" "mine: 小美"
see "her group is listed" "宝妈早教群"
if screen | grep -qF "健身打卡营"; then not_ok "another owner's group is not listed" "$(screen)"; else
	ok "another owner's group is not listed"; fi
keys O
see "O: all groups" "all groups"
see "...with 阿杰's group" "健身打卡营"
keys O
see "O again: back to mine" "mine: 小美"
wait_gone "健身打卡营" 5 && ok "阿杰's group left again" || not_ok "阿杰's group left again" "$(screen)"
keys q
tmux_stop

# Someone who owns nothing starts on all groups; O says so and stays.
tmux_start 100 30 "$SOPDECK --db $DB --today 2026-03-04 --operator 新人"
see "an operator without groups starts on all" "all groups"
see "...and sees every group" "健身打卡营"
keys O
see "O says there is nothing of theirs" "own no groups"
keys q
tmux_stop

# The group form: `e` on a row opens it for the row's group. A wrong playbook is said and
# the field stays open; the owner changes; archive asks y/n and the group leaves Today.
tmux_start 100 30 "$SOPDECK --db $DB --today 2026-03-04 --operator 小美"
see "the form's console starts on her groups" "旧活动群"
keys e
see "e: the first row's group and its changes" "group 宝妈早教群: o owner"
keys p
see "p: the playbook field" "playbook (empty: the default):"
keys C-u
keys -l "不存在的SOP"
keys Enter
see "an unknown playbook is refused, naming it" "no playbook named '不存在的SOP'"
see "...the field stays open" "playbook (empty: the default): 不存在的SOP"
keys Escape
see "Esc on a typed field asks before dropping it" "discard changes? y/n"
keys n
see "n: the typed text is still there" "playbook (empty: the default): 不存在的SOP"
keys Escape
see "...asked again" "discard changes? y/n"
keys y
see "y: back to the menu" "group 宝妈早教群: o owner"
keys o
see "o: the owner field with the owner in it" "owner: 小美"
keys C-u
keys -l "小红"
keys Enter
see "the owner is saved" "group 宝妈早教群: owner changed"
"$SOPDECK" --db "$DB" groups --json >"$TEST_TMP/g.json"
if python3 -c 'import json,sys; g={x["name"]: x for x in json.load(sys.stdin)}; assert g["宝妈早教群"]["owner"]=="小红", g["宝妈早教群"]; assert g["宝妈早教群"]["playbook_default"], g' \
	<"$TEST_TMP/g.json" 2>"$TEST_TMP/py.out"; then ok "...in the database, the playbook unchanged"
else not_ok "...in the database, the playbook unchanged" "$(cat "$TEST_TMP/py.out")"; fi
keys G
keys e
see "e on the last row: its group" "group 旧活动群: o owner"
keys a
see "a asks before archiving" "archive 旧活动群? It leaves the views"
keys n
see "n: nothing changed" "nothing changed"
keys e
keys a
keys y
see "y archives it" "archived 旧活动群"
"$SOPDECK" --db "$DB" groups --all --json >"$TEST_TMP/g.json"
if python3 -c 'import json,sys; g={x["name"]: x for x in json.load(sys.stdin)}; assert g["旧活动群"]["archived"], g' \
	<"$TEST_TMP/g.json" 2>"$TEST_TMP/py.out"; then ok "...archived in the database"
else not_ok "...archived in the database" "$(cat "$TEST_TMP/py.out")"; fi
keys r
see "r reloads" "reloaded"
# The message line (the last) still names the group: the rest must not.
if screen | sed '$d' | sed '$d' | grep -qF "旧活动群"; then not_ok "...and gone from Today" "$(screen)"
else ok "...and gone from Today"; fi
"$SOPDECK" --db "$DB" log --kind "group archive" --json >"$TEST_TMP/log.json"
contains "the console's change is audited with the operator" "$TEST_TMP/log.json" '"operator":"小美"'
keys q
tmux_stop
