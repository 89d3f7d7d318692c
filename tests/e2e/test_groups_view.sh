#!/bin/sh
# The Groups tab (7) in tmux at 80x24 (issue 11): every group, archived ones marked, in the
# owner scope as Today; a group archived there leaves Today and comes back when unarchived
# there; u takes a change back and U makes it again (each audited); rename, owner, `/`
# filter, sort, A; delete asks, and a group with history goes only with P (purge). The
# header in Chinese and English, the seven tabs fitting 80 columns in both; the tab's load
# runs as many statements for 60 groups as for 3.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/groups.db
RUN="$SOPDECK --db $DB --today 2026-03-04"
cat >"$TEST_TMP/groups.csv" <<'CSV'
群名,平台,类型,创建日期,群主
宝妈早教群,企业微信,群发推广型,2025-01-10,小美
健身打卡营,个人微信,精细化运营型,2026-02-20,阿杰
旧活动群,企业微信,群发推广型,2025-03-01,小美
CSV
check "import the groups" $RUN import groups "$TEST_TMP/groups.csv"

# body: the screen without its last two lines (status bar, message line).
body() { screen | sed '$d' | sed '$d'; }
# group_json NAME PYTHON-EXPR: `groups --all --json` has the group NAME with EXPR true of g.
group_json() {
	"$SOPDECK" --db "$DB" groups --all --json >"$TEST_TMP/g.json"
	python3 -c 'import json,sys; g={x["name"]: x for x in json.load(open(sys.argv[1]))}; assert '"$2"', g' \
		"$TEST_TMP/g.json" 2>"$TEST_TMP/py.out"
}
json_ok() { # NAME EXPR
	if group_json "" "$2"; then ok "$1"; else not_ok "$1" "$(cat "$TEST_TMP/py.out")"; fi
}
# the_row TEXT: the Groups row of the group named TEXT.
the_row() { screen | grep -F " $1 " | head -1; }

# ---- English (the suites' language) ----
tmux_start 80 24 "$RUN --operator 小美"
see "the console starts on Today with 小美's groups" "旧活动群"
keys 7
see "7: the Groups tab, in 小美's scope as Today" "Groups · 2 groups, 0 archived · sort name"
if screen | head -1 | grep -qF "1 Today" && screen | head -1 | grep -qF "7 Groups"; then
	ok "en: the seven tabs fit the 80-column tab bar"
else not_ok "en: the seven tabs fit the 80-column tab bar" "$(screen | head -1)"; fi
see "the columns of groups --all" "name          owner    type         platform stage        playbook"
see "a group's row: owner, type, platform, stage (English: the playbook's name_en)" \
	"宝妈早教群    小美     promotion    wecom    referral     私域社群"
if body | grep -qF "健身打卡营"; then not_ok "another owner's group is not in 小美's scope" "$(screen)"
else ok "another owner's group is not in 小美's scope"; fi

# Archive from the Groups tab: it asks, is marked, and leaves Today.
keys G
keys a
see "a asks before archiving" "archive 旧活动群? It leaves the views"
keys y
see "y archives it" "archived 旧活动群 (the Groups tab brings it back)"
see "...marked archived in the list" "1 archived"
case $(the_row 旧活动群) in *archived*) ok "...its row says archived" ;;
*) not_ok "...its row says archived" "$(screen)" ;; esac
json_ok "...archived in the database" 'g["旧活动群"]["archived"]'
keys 1
see "back on Today" "Today 2026-03-04"
if body | grep -qF "旧活动群"; then not_ok "the archived group left Today" "$(screen)"
else ok "the archived group left Today"; fi

# Unarchive from the Groups tab: no question, and it is back in Today.
keys 7
see "the Groups tab still lists the archived group" "旧活动群"
keys a
see "a on an archived group brings it back" "unarchived 旧活动群: back in the views"
json_ok "...not archived in the database" 'not g["旧活动群"]["archived"]'
keys 1
see "...and back in Today" "旧活动群"

# Undo and redo: each an audited change of its own.
keys 7
see "Groups again" "Groups · 2 groups, 0 archived"
keys u
see "u takes the unarchive back" "undone: 旧活动群 archived"
json_ok "...archived again in the database" 'g["旧活动群"]["archived"]'
keys U
see "U makes it again" "redone: 旧活动群 back from the archive"
json_ok "...not archived in the database" 'not g["旧活动群"]["archived"]'
"$SOPDECK" --db "$DB" log --kind "group unarchive" --json >"$TEST_TMP/log.json"
n=$(python3 -c 'import json,sys; print(sum(e["operator"]=="小美" for e in json.load(sys.stdin)))' <"$TEST_TMP/log.json")
if [ "$n" = 2 ]; then ok "the unarchive and its redo are audited with the operator"
else not_ok "the unarchive and its redo are audited with the operator" "$(cat "$TEST_TMP/log.json")"; fi

# Rename with n (the form's field, its value in it); u gives the old name back.
keys n
see "n: the name field with the name in it" "new name: 旧活动群"
keys C-u
keys -l "春季活动群"
keys Enter
see "the name is saved" "group 春季活动群: name changed"
see "...and listed" "春季活动群"
json_ok "...renamed in the database" '"春季活动群" in g and "旧活动群" not in g'
keys u
see "u: the old name back" "undone: 旧活动群: name 春季活动群 → 旧活动群"
json_ok "...in the database" '"旧活动群" in g and "春季活动群" not in g'

# Filter with / (as you type), sort with s, hide the archived with A.
keys /
keys -l "早教"
see "/ filters as typed" "filter /早教: 1/2"
if body | grep -qF "旧活动群"; then not_ok "...the other group is filtered out" "$(screen)"
else ok "...the other group is filtered out"; fi
keys Escape
see "Esc clears the filter" "Groups · 2 groups"
keys s
see "s: sort by the next column" "sort owner"
keys S
see "S: the other way" "sort owner ↓"
keys S s s s s s s
see "S and six more s: back to the name, pinyin order" "sort name ↑"

# The owner: the group leaves 小美's scope; O shows everyone's, the new owner in the row.
keys g
keys o
see "o: the owner field with the owner in it" "owner: 小美"
keys C-u
keys -l "阿杰"
keys Enter
see "the owner is saved" "group 宝妈早教群: owner changed"
see "...it leaves 小美's scope" "Groups · 1 group, 0 archived"
keys O
see "O: all groups" "Groups · 3 groups"
see "...the new owner in its row" "宝妈早教群    阿杰"
keys u
see "u: the owner back" "undone: 宝妈早教群: owner 阿杰 → 小美"
json_ok "...in the database" 'g["宝妈早教群"]["owner"] == "小美"'

# A hides the archived.
keys G a y
see "archive the last row" "archived 旧活动群"
keys A
see "A hides the archived" "2 shown, 1 archived hidden (A)"
if body | grep -qF "旧活动群"; then not_ok "...the archived group is not listed" "$(screen)"
else ok "...the archived group is not listed"; fi
keys A
see "A again shows them" "3 groups, 1 archived"

# Delete: a group with history is deleted only with P, its history with it.
check "tick an item of 健身打卡营" $RUN --operator 阿杰 tick "健身打卡营:morning"
keys r
see "r reloads" "reloaded"
keys /
keys -l "健身"
keys Enter
keys D
see "D on a group with history: P only" "健身打卡营: 1 ticks, 0 KPI days, 0 slots. P purges all"
keys y
see "y does not delete a group with history" "nothing changed"
json_ok "...still there" '"健身打卡营" in g'
keys D
keys P
see "P deletes it and its history" "deleted 健身打卡营 and its history"
json_ok "...gone from the database" '"健身打卡营" not in g'
"$SOPDECK" --db "$DB" log --kind "group delete" --json >"$TEST_TMP/log.json"
contains "...audited, with what was purged" "$TEST_TMP/log.json" "purged 1 ticks"
keys Escape
keys u
see "u after the delete takes back the change before it" "undone: 旧活动群 back from the archive"
keys g
keys D
see "D on a group without history asks y/n" "delete 宝妈早教群 for good? It has no history (y/n)"
keys n
see "n keeps it" "nothing changed"
keys "?"
see "? lists the tab's keys" "hide / show archived groups"
see "...with the global 1-7" "tabs: Today Calendar Library KPI Log Review Groups"
keys Escape
keys q
see "q quits" "__EXITED__ 0"

# ---- Chinese: the header, the columns, the tab bar ----
tmux_start 80 24 "env -u SOPDECK_LANG $RUN --operator 小美"
see "zh: the console starts" "今日"
keys 7
see "zh: the Groups header" "群组 · 2 个群，0 个已归档 · 按群名排序"
see "zh: the columns" "群名             群主     类型         平台     阶段     剧本"
see "zh: type and platform in Chinese" "宝妈早教群       小美     群发推广型   企业微信 传播期"
keys G a y
see "zh: archived from the tab" "已归档 旧活动群"
see "zh: the header counts it" "群组 · 2 个群，1 个已归档"
case $(the_row 旧活动群) in *已归档*) ok "zh: the archived row says 已归档" ;;
*) not_ok "zh: the archived row says 已归档" "$(screen)" ;; esac
if screen | head -1 | grep -qF "sopdeck   1 今日" && screen | head -1 | grep -qF "7 群组"; then
	ok "zh: the seven tabs and the name fit the 80-column tab bar"
else not_ok "zh: the seven tabs and the name fit the 80-column tab bar" "$(screen | head -1)"; fi
keys a
see "zh: a on the archived group brings it back" "已取消归档 旧活动群"
keys q
see "zh: quits" "__EXITED__ 0"

# ---- the load: as many statements for 60 groups as for 3 ----
workspace() { # DB GROUPS
	python3 - "$TEST_TMP/w$2.csv" "$2" <<'PY'
import datetime, sys
path, n = sys.argv[1], int(sys.argv[2])
types = ["promotion", "segmented", "service"]
with open(path, "w") as f:
    f.write("name,platform,type,created,owner\n")
    for i in range(n):
        created = datetime.date(2026, 3, 4) - datetime.timedelta(days=(i * 7) % 200)
        f.write("第%03d群·宝妈育儿,wecom,%s,%s,运营%d\n" % (i, types[i % 3], created, i % 8))
PY
	"$SOPDECK" --db "$1" import groups "$TEST_TMP/w$2.csv" >/dev/null &&
		"$SOPDECK" --db "$1" group archive "第000群·宝妈育儿" >/dev/null
}
loads() { # DB OUT: the Groups tab shown once, then again after a change
	rm -f "$2"
	tmux_start 80 24 "SOPDECK_DEBUG_LOADS=$2 $SOPDECK --db $1 --today 2026-03-04 --operator 运营1"
	wait_for "Today 20" 20
	keys 7; wait_for "Groups ·" 20
	keys O; wait_for "all groups" 20
	keys q; wait_for "__EXITED__" 20
}
check "a workspace of 3 groups" workspace "$TEST_TMP/small.db" 3
check "a workspace of 60 groups" workspace "$TEST_TMP/big.db" 60
loads "$TEST_TMP/small.db" "$TEST_TMP/small.loads"
loads "$TEST_TMP/big.db" "$TEST_TMP/big.loads"
s=$(grep "^Groups " "$TEST_TMP/small.loads" | tr '\n' ' ')
b=$(grep "^Groups " "$TEST_TMP/big.loads" | tr '\n' ' ')
if [ "$(grep -c "^Groups " "$TEST_TMP/small.loads")" = 2 ] && [ "$s" = "$b" ]; then
	ok "the Groups tab loads with as many statements for 60 groups as for 3 ($s)"
else not_ok "the Groups tab loads with as many statements for 60 groups as for 3" \
	"3 groups: '$s'" "60 groups: '$b'"; fi
