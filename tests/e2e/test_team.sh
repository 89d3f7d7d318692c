#!/bin/sh
# The console on a team's workspace (issue 11): an operator who owns groups
# starts on them, the status bar says which, O switches to all groups and back.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/team.db
cat >"$TEST_TMP/groups.csv" <<'CSV'
群名,平台,类型,创建日期,群主
宝妈早教群,企业微信,群发推广型,2025-01-10,小美
健身打卡营,个人微信,精细化运营型,2025-02-01,阿杰
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
