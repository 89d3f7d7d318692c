#!/bin/sh
# A team on a real server (issue 11): the workspace's time zone whatever the
# server's TZ (fake clock SOPDECK_NOW), stored times in UTC, the migration of
# naive local times; my groups (--mine/--owner); the group lifecycle (groups,
# group archive|unarchive|delete|set); tick by group name; --db into a missing
# directory; several playbooks.
. "$(dirname "$0")/../lib.sh"

py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}

cat >"$TEST_TMP/groups.csv" <<'CSV'
群名,平台,类型,创建日期,群主
宝妈早教群,企业微信,群发推广型,2025-01-10,小美
健身打卡营,个人微信,精细化运营型,2025-02-01,阿杰
老客户售后群,企业微信,客户服务型,2025-03-01,小美
CSV
check "import groups with owners" "$SOPDECK" import groups "$TEST_TMP/groups.csv"

# ---- the workspace's day and overdue, under three server zones ----
unset SOPDECK_TODAY
for tz in UTC America/Los_Angeles Asia/Shanghai; do
	# 23:30 UTC is 07:30 in Beijing the next day: nothing is due yet.
	TZ=$tz SOPDECK_NOW=2026-03-04T23:30:00Z "$SOPDECK" today --json >"$TEST_TMP/t.json"
	same "TZ=$tz, 23:30Z: today is Beijing's day" "$(py "d['date']" <"$TEST_TMP/t.json")" "2026-03-05"
	same "TZ=$tz, 23:30Z (07:30 Beijing): nothing overdue" \
		"$(py "sum(a['overdue'] for g in d['groups'] for a in g['actions'])" <"$TEST_TMP/t.json")" "0"
	# 00:45 UTC is 08:45 in Beijing: 08:30 morning is overdue, 10:00 not.
	TZ=$tz SOPDECK_NOW=2026-03-05T00:45:00Z "$SOPDECK" today --json >"$TEST_TMP/t.json"
	same "TZ=$tz, 08:45 Beijing: every morning greeting overdue, nothing else" \
		"$(py "sorted(set(a['action'] for g in d['groups'] for a in g['actions'] if a['overdue']))" <"$TEST_TMP/t.json")" \
		"['morning']"
	same "TZ=$tz: the text marks it" "$(TZ=$tz SOPDECK_NOW=2026-03-05T00:45:00Z "$SOPDECK" today | grep -c '08:30.*\[overdue\]')" "3"
	# --today (and SOPDECK_TODAY) still fix the date.
	same "TZ=$tz: --today fixes the date" \
		"$(TZ=$tz SOPDECK_NOW=2026-03-04T23:30:00Z "$SOPDECK" --today 2026-03-04 today --json | py "d['date']")" "2026-03-04"
	same "TZ=$tz: SOPDECK_TODAY fixes the date" \
		"$(TZ=$tz SOPDECK_NOW=2026-03-04T23:30:00Z SOPDECK_TODAY=2026-03-01 "$SOPDECK" today --json | py "d['date']")" "2026-03-01"
done
# SOPDECK_TZ overrides the workspace: 23:30Z is 15:30 in Los Angeles (PST), 2026-03-04.
SOPDECK_TZ=America/Los_Angeles SOPDECK_NOW=2026-03-04T23:30:00Z "$SOPDECK" today --json >"$TEST_TMP/t.json"
same "SOPDECK_TZ=America/Los_Angeles: its day" "$(py "d['date']" <"$TEST_TMP/t.json")" "2026-03-04"
same "SOPDECK_TZ=America/Los_Angeles: 15:00 overdue, 20:00 not" \
	"$(py "sorted(set((a['time'], a['overdue']) for g in d['groups'] for a in g['actions'] if a['time'] in ('15:00', '20:00')))" <"$TEST_TMP/t.json")" \
	"[('15:00', True), ('20:00', False)]"
# After the DST change (2026-03-08) 23:30Z is 16:30 PDT: 16:00 service-faq is overdue.
same "America/Los_Angeles after DST: 16:00 overdue at 23:30Z" \
	"$(SOPDECK_TZ=America/Los_Angeles SOPDECK_NOW=2026-03-09T23:30:00Z "$SOPDECK" today --json | py "[a['overdue'] for g in d['groups'] for a in g['actions'] if a['time'] == '16:00']")" \
	"[True]"
expect_status "SOPDECK_TZ with an unknown zone fails" 1 env SOPDECK_TZ=Mars/Olympus "$SOPDECK" today
contains "it names the zone" "$TEST_TMP/last.err" "Mars/Olympus"

# init --timezone stores the zone in the workspace; SOPDECK_TZ still overrides it.
LA="$TEST_TMP/la/x.db"
check "init --timezone America/Los_Angeles (creates the directory)" "$SOPDECK" --db "$LA" init --timezone America/Los_Angeles
contains "init says the zone" "$TEST_TMP/last.out" "America/Los_Angeles"
"$SOPDECK" --db "$LA" import groups "$TEST_TMP/groups.csv" >/dev/null
same "the workspace's zone gives its day" \
	"$(TZ=Asia/Shanghai SOPDECK_NOW=2026-03-04T23:30:00Z "$SOPDECK" --db "$LA" today --json | py "d['date']")" "2026-03-04"
same "SOPDECK_TZ overrides the workspace's zone" \
	"$(SOPDECK_TZ=Asia/Shanghai SOPDECK_NOW=2026-03-04T23:30:00Z "$SOPDECK" --db "$LA" today --json | py "d['date']")" "2026-03-05"
expect_status "init --timezone with an unknown zone is a usage error" 2 "$SOPDECK" --db "$TEST_TMP/bad/x.db" init --timezone Mars/Olympus
if [ ! -e "$TEST_TMP/bad" ]; then ok "a refused init creates nothing"; else not_ok "a refused init creates nothing"; fi

# ---- stored times are UTC with Z, shown in the workspace's zone ----
TZ=America/Los_Angeles SOPDECK_NOW=2026-03-04T23:30:00Z "$SOPDECK" tick 1:morning >/dev/null
same "ticked_at is stored in UTC with Z" \
	"$(TZ=America/Los_Angeles SOPDECK_NOW=2026-03-04T23:35:00Z "$SOPDECK" today --json | py "[a['ticked_at'] for g in d['groups'] for a in g['actions'] if a['ticked']]")" \
	"['2026-03-04T23:30:00Z']"
same "the audit log stores UTC with Z" "$("$SOPDECK" log --json --kind tick | py "d[0]['at']")" "2026-03-04T23:30:00Z"
same "the audit log shows Beijing time" "$(TZ=UTC "$SOPDECK" log --kind tick | cut -c1-19)" "2026-03-05 07:30:00"
same "log --since is the workspace's day" "$("$SOPDECK" log --kind tick --since 2026-03-05 | wc -l) $("$SOPDECK" log --kind tick --since 2026-03-06 | wc -l)" "1 0"
TZ=UTC SOPDECK_NOW=2026-03-04T23:40:00Z "$SOPDECK" tick 1:morning >"$TEST_TMP/again.txt"
contains "ticking again shows the first tick in Beijing time" "$TEST_TMP/again.txt" "at 2026-03-05 07:30:00"

# ICS: real UTC. 08:30 Beijing on 2026-03-05 is 00:30Z.
export SOPDECK_TODAY=2026-03-04
check "schedule a placeholder" "$SOPDECK" schedule --group 宝妈早教群 --date 2026-03-05 --slot 08:30 --topic 早安海报
TZ=America/Los_Angeles "$SOPDECK" export calendar --format ics --month 2026-03 -o "$TEST_TMP/c.ics"
contains "ICS DTSTART is real UTC" "$TEST_TMP/c.ics" "DTSTART:20260305T003000Z"
lacks "ICS has no floating local time" "$TEST_TMP/c.ics" "DTSTART:20260305T083000"

# ---- migration from the current schema (version 6): naive local times become UTC ----
mkold() {
	python3 -c "
import glob, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.create_function('sopdeck_fold', 1, lambda s: s)
for m in sorted(glob.glob(sys.argv[2] + '/migrations/00[1-6]-*.sql')):
    c.executescript(open(m).read())
c.execute('pragma user_version = 6')
c.execute(\"INSERT INTO chat_group (id, name, platform, type, created, owner) VALUES (1, '宝妈早教群', 'wecom', 'promotion', '2025-01-10', '小美')\")
c.execute(\"INSERT INTO tick VALUES (1, 'morning', '2026-03-05', '小美', '2026-03-05 08:31:00')\")
c.execute(\"INSERT INTO audit (at, operator, kind, detail) VALUES ('2026-03-05 08:31:00', '小美', 'tick', '1:morning 2026-03-05')\")
c.execute(\"INSERT INTO audit (at, operator, kind, detail) VALUES ('odd', '小美', 'note', 'left alone')\")
c.commit()
" "$1" "$ASSETS"
}
mkold "$TEST_TMP/v6-bj.db"
mkold "$TEST_TMP/v6-utc.db"
TZ=Asia/Shanghai "$SOPDECK" --db "$TEST_TMP/v6-bj.db" log --json >"$TEST_TMP/bj.json"
TZ=UTC "$SOPDECK" --db "$TEST_TMP/v6-utc.db" log --json >"$TEST_TMP/utc.json"
# The audit log is hash-chained over its times (migration 008): its old entries stay as
# written (read as local time), and the chain still verifies after the upgrade.
same "v6: old audit times are kept as written (the chain covers them)" \
	"$(py "[e['at'] for e in d if e['kind'] == 'tick']" <"$TEST_TMP/bj.json")" "['2026-03-05 08:31:00']"
check "v6: the audit chain verifies after the upgrade" "$SOPDECK" --db "$TEST_TMP/v6-bj.db" log --verify
same "v6: a new entry is UTC with Z" \
	"$(SOPDECK_NOW=2026-03-06T01:00:00Z "$SOPDECK" --db "$TEST_TMP/v6-bj.db" --today 2026-03-06 tick 1:morning >/dev/null; "$SOPDECK" --db "$TEST_TMP/v6-bj.db" log --json --kind tick | py "d[0]['at']")" "2026-03-06T01:00:00Z"
same "v6 written in UTC: the tick's instant is kept" \
	"$("$SOPDECK" --db "$TEST_TMP/v6-utc.db" --today 2026-03-05 today --json | py "[a['ticked_at'] for g in d['groups'] for a in g['actions'] if a['ticked']]")" "['2026-03-05T08:31:00Z']"
same "v6: the tick's time migrated, the tick is kept" \
	"$("$SOPDECK" --db "$TEST_TMP/v6-bj.db" --today 2026-03-05 today --json | py "[(a['ticked_by'], a['ticked_at']) for g in d['groups'] for a in g['actions'] if a['ticked']]")" \
	"[('小美', '2026-03-05T00:31:00Z')]"
same "v6: schema upgraded and intact" \
	"$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('pragma user_version').fetchone()[0] >= 9, c.execute('pragma integrity_check').fetchone()[0], [r[1] for r in c.execute('pragma table_info(chat_group)') if r[1] in ('archived', 'playbook')])" "$TEST_TMP/v6-bj.db")" \
	"True ok ['archived', 'playbook']"

# ---- my groups: --mine (owner = --operator) and --owner NAME ----
export SOPDECK_TODAY=2026-03-04
same "today --mine: 小美's two groups only" \
	"$("$SOPDECK" --operator 小美 today --mine --json | py "sorted(g['name'] for g in d['groups'])")" "['宝妈早教群', '老客户售后群']"
same "today --owner 阿杰: his group" \
	"$("$SOPDECK" today --owner 阿杰 --json | py "[g['name'] for g in d['groups']]")" "['健身打卡营']"
same "every item carries its group's owner" \
	"$("$SOPDECK" today --json | py "sorted(set((g['name'], a['owner']) for g in d['groups'] for a in g['actions']))")" \
	"[('健身打卡营', '阿杰'), ('宝妈早教群', '小美'), ('老客户售后群', '小美')]"
same "--today of a past day: every open timed item is overdue" \
	"$("$SOPDECK" today --json | py "all(a['overdue'] == (not a['ticked'] and a['time'] is not None) for g in d['groups'] for a in g['actions'])")" "True"
"$SOPDECK" --operator 无名 today --mine >"$TEST_TMP/none.txt"
contains "--mine without groups says so" "$TEST_TMP/none.txt" "no groups owned by 无名"
same "kpi --owner 阿杰: one group" "$("$SOPDECK" kpi --owner 阿杰 --json | py "[g['name'] for g in d['groups']]")" "['健身打卡营']"
same "calendar --mine: 小美's groups" \
	"$("$SOPDECK" --operator 小美 calendar --mine --json | py "sorted(g['name'] for g in d['groups'])")" "['宝妈早教群', '老客户售后群']"
expect_status "--mine and --owner together is a usage error" 2 "$SOPDECK" today --mine --owner 阿杰
expect_status "--owner without a name" 2 "$SOPDECK" today --owner

# ---- groups and the lifecycle ----
"$SOPDECK" groups --json >"$TEST_TMP/g.json"
same "groups --json: name, owner, type, platform, stage, playbook, archived" \
	"$(py "[(g['name'], g['owner'], g['type'], g['platform'], g['stage'], bool(g['playbook']), g['archived']) for g in d]" <"$TEST_TMP/g.json")" \
	"[('宝妈早教群', '小美', 'promotion', 'wecom', 'referral', True, False), ('健身打卡营', '阿杰', 'segmented', 'wechat', 'referral', True, False), ('老客户售后群', '小美', 'service', 'wecom', 'referral', True, False)]"
"$SOPDECK" groups >"$TEST_TMP/g.txt"
contains "groups text shows the owner" "$TEST_TMP/g.txt" "阿杰"
contains "groups text in English: the header" "$TEST_TMP/g.txt" "name                 owner      type           platform   stage        playbook"
contains "...type and platform as the keys" "$TEST_TMP/g.txt" "segmented      wechat"
SOPDECK_LANG=zh "$SOPDECK" groups >"$TEST_TMP/g.txt"
contains "groups text in Chinese: the header" "$TEST_TMP/g.txt" "群名                 群主       类型           平台       阶段     剧本"
contains "...type and platform in Chinese" "$TEST_TMP/g.txt" "精细化运营型   个人微信"
check "tick by group name" "$SOPDECK" --operator 阿杰 tick 健身打卡营:morning
same "the tick landed on that group" \
	"$("$SOPDECK" today --json | py "[a['ticked_by'] for g in d['groups'] if g['name']=='健身打卡营' for a in g['actions'] if a['action']=='morning']")" "['阿杰']"
check "untick by group name" "$SOPDECK" untick 健身打卡营:morning
check "tick by id still works" "$SOPDECK" --operator 阿杰 tick 2:morning
expect_status "tick an unknown group name" 1 "$SOPDECK" tick 没有这个群:morning
contains "it names the group" "$TEST_TMP/last.err" "没有这个群"
expect_status "tick with no action after the colon" 2 "$SOPDECK" tick 健身打卡营:
# A failure names the item as it was typed, not by the group's numeric id.
expect_status "tick GROUP-NAME:nope fails" 1 "$SOPDECK" tick 健身打卡营:nope
contains "...naming the item as typed" "$TEST_TMP/last.err" "健身打卡营:nope"
if grep -q "[0-9]:nope" "$TEST_TMP/last.err"; then not_ok "...not by the group's id" "$(cat "$TEST_TMP/last.err")"; else ok "...not by the group's id"; fi
expect_status "untick of an item not ticked, by name, fails" 1 "$SOPDECK" untick 健身打卡营:knowledge
contains "...naming the item as typed" "$TEST_TMP/last.err" "健身打卡营:knowledge"
expect_status "tick of a KPI item not advised, by name, fails" 1 "$SOPDECK" tick 健身打卡营:kpi-open_rate
contains "...naming the item as typed" "$TEST_TMP/last.err" "健身打卡营:kpi-open_rate"
# A group name with a colon: split at the last one.
printf 'name,platform,type,created,owner\n"VIP:一群",wecom,promotion,2025-01-10,小美\n' >"$TEST_TMP/colon.csv"
"$SOPDECK" import groups "$TEST_TMP/colon.csv" >/dev/null
check "tick GROUP-NAME:ACTION where the name has a colon" "$SOPDECK" tick VIP:一群:morning
same "that group's morning is ticked" \
	"$("$SOPDECK" today --json | py "[a['ticked'] for g in d['groups'] if g['name']=='VIP:一群' for a in g['actions'] if a['action']=='morning']")" "[True]"

check "group archive" "$SOPDECK" group archive 健身打卡营
same "an archived group leaves today" "$("$SOPDECK" today --json | py "[g['name'] for g in d['groups'] if g['name']=='健身打卡营']")" "[]"
same "...and calendar" "$("$SOPDECK" calendar --json | py "[g['name'] for g in d['groups'] if g['name']=='健身打卡营']")" "[]"
same "...and the KPI overview" "$("$SOPDECK" kpi --json | py "[g['name'] for g in d['groups'] if g['name']=='健身打卡营']")" "[]"
same "...and groups, but not groups --all" \
	"$("$SOPDECK" groups --json | py "len(d)") $("$SOPDECK" groups --all --json | py "[g['archived'] for g in d if g['name']=='健身打卡营']")" "3 [True]"
same "today --group of an archived group produces no actions" \
	"$("$SOPDECK" today --group 健身打卡营 --json | py "d['total']")" "0"
"$SOPDECK" today --group 健身打卡营 >"$TEST_TMP/arch.out" 2>&1
contains "today --group of an archived group says it is archived" "$TEST_TMP/arch.out" \
	"group '健身打卡营' is archived"
lacks "...not that there are no groups yet" "$TEST_TMP/arch.out" "no groups yet"
expect_status "an archived group's action cannot be ticked" 1 "$SOPDECK" tick 健身打卡营:knowledge
contains "it says archived" "$TEST_TMP/last.err" "archived"
same "its history stays: the tick is in the log" "$("$SOPDECK" log --kind tick --json | py "sum(1 for e in d if e['kind'] == 'tick' and e['detail'].startswith('2:morning'))")" "2"
expect_status "archiving twice fails" 1 "$SOPDECK" group archive 健身打卡营
check "group unarchive" "$SOPDECK" group unarchive 健身打卡营
same "back in today with its tick" \
	"$("$SOPDECK" today --json | py "[a['ticked_by'] for g in d['groups'] if g['name']=='健身打卡营' for a in g['actions'] if a['action']=='morning']")" "['阿杰']"
same "archive and unarchive are audited" "$("$SOPDECK" log --kind group --json | py "[e['kind'] for e in d if e['kind'].startswith('group ')]")" "['group unarchive', 'group archive']"

check "group set --owner --name --type" "$SOPDECK" group set 健身打卡营 --owner 小美 --name 健身减脂营 --type service
same "the change shows in groups" \
	"$("$SOPDECK" groups --json | py "[(g['id'], g['owner'], g['type']) for g in d if g['name']=='健身减脂营']")" "[(2, '小美', 'service')]"
contains "group set is audited" "$("$SOPDECK" log --kind 'group set' >"$TEST_TMP/set.txt"; echo "$TEST_TMP/set.txt")" "owner 阿杰 -> 小美"
expect_status "group set to a taken name" 1 "$SOPDECK" group set 健身减脂营 --name 宝妈早教群
expect_status "group set with an unknown type" 2 "$SOPDECK" group set 健身减脂营 --type 胡乱
expect_status "group set with nothing to set" 2 "$SOPDECK" group set 健身减脂营
expect_status "group set --playbook of an unknown playbook" 1 "$SOPDECK" group set 健身减脂营 --playbook 没有
expect_status "group set of an unknown group" 1 "$SOPDECK" group set 没有这个群 --owner 小美

expect_status "group delete asks for --yes" 2 "$SOPDECK" group delete 健身减脂营
contains "it says how" "$TEST_TMP/last.err" "--yes"
expect_status "group delete refuses a group with history" 1 "$SOPDECK" group delete 健身减脂营 --yes
contains "it says what history" "$TEST_TMP/last.err" "1 ticks"
same "nothing was deleted" "$("$SOPDECK" groups --all --json | py "len(d)")" "4"
check "group delete --purge" "$SOPDECK" group delete 健身减脂营 --yes --purge
same "the group is gone" "$("$SOPDECK" groups --all --json | py "[g['name'] for g in d if g['id']==2]")" "[]"
same "with its ticks" "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from tick where group_id=2').fetchone()[0])" "$SOPDECK_DB")" "0"
contains "delete is audited with what was purged" "$("$SOPDECK" log --kind 'group delete' >"$TEST_TMP/del.txt"; echo "$TEST_TMP/del.txt")" "purged 1 ticks"
printf 'name,platform,type,created,owner\n空群,wecom,promotion,2026-03-01,小美\n' >"$TEST_TMP/empty.csv"
"$SOPDECK" import groups "$TEST_TMP/empty.csv" >/dev/null
check "a group without history deletes with --yes" "$SOPDECK" group delete 空群 --yes
expect_status "group with an unknown action" 2 "$SOPDECK" group explode 宝妈早教群

# ---- --db into a missing directory ----
expect_status "--db into a missing directory fails" 1 "$SOPDECK" --db "$TEST_TMP/typo/dir/x.db" today
contains "it names the directory" "$TEST_TMP/last.err" "$TEST_TMP/typo/dir"
if [ ! -e "$TEST_TMP/typo" ]; then ok "nothing was created"; else not_ok "nothing was created"; fi
expect_status "SOPDECK_DB into a missing directory fails too" 1 env SOPDECK_DB="$TEST_TMP/typo/x.db" "$SOPDECK" groups
check "init creates the directory" "$SOPDECK" --db "$TEST_TMP/typo/dir/x.db" init
check "then it opens" "$SOPDECK" --db "$TEST_TMP/typo/dir/x.db" today

# ---- several playbooks: listing, a new name adds one, default, the groups' column ----
PB="$TEST_TMP/pb/x.db"
"$SOPDECK" --db "$PB" init >/dev/null
sed 's/^playbook: .*/playbook: 穿搭社群SOP/; s/^version: .*/version: "1.0"/' "$ASSETS/playbook.yaml" >"$TEST_TMP/chuanda.yaml"
sed 's/^version: .*/version: "1.1"/; s/^note: .*/note: 穿搭第二版/' "$TEST_TMP/chuanda.yaml" >"$TEST_TMP/chuanda2.yaml"
"$SOPDECK" --db "$PB" import groups "$TEST_TMP/groups.csv" >/dev/null
check "import a playbook with a new name" "$SOPDECK" --db "$PB" import playbook "$TEST_TMP/chuanda.yaml"
check "import it again: a new version of it" "$SOPDECK" --db "$PB" import playbook "$TEST_TMP/chuanda2.yaml"
"$SOPDECK" --db "$PB" playbooks --json >"$TEST_TMP/pb.json"
same "playbooks: two, the newest import the default, versions per playbook" \
	"$(py "[(p['name'][:6], p['default'], [v['version'] for v in p['versions']], p['groups']) for p in d]" <"$TEST_TMP/pb.json")" \
	"[('穿搭社群SO', True, ['1.1', '1.0'], 3), ('私域社群标准', False, ['1.0'], 0)]"
printf 'name,platform,type,created,owner,playbook\n穿搭群,wecom,promotion,2025-01-10,小美,穿搭社群SOP\n坏群,wecom,promotion,2025-01-10,小美,没有这个SOP\n' >"$TEST_TMP/pbg.csv"
expect_status "a groups import naming an unknown playbook fails" 1 "$SOPDECK" --db "$PB" import groups "$TEST_TMP/pbg.csv"
contains "...with its line" "$TEST_TMP/last.err" "pbg.csv:3: unknown playbook '没有这个SOP'"
same "...and changes nothing" "$("$SOPDECK" --db "$PB" groups --json | py "len(d)")" "3"
head -2 "$TEST_TMP/pbg.csv" >"$TEST_TMP/pbg2.csv"
check "a groups import with a playbook column" "$SOPDECK" --db "$PB" import groups "$TEST_TMP/pbg2.csv"
BASE=$(py "[p['name'] for p in d if not p['default']][0]" <"$TEST_TMP/pb.json")
check "playbook default NAME" "$SOPDECK" --db "$PB" playbook default "$BASE"
"$SOPDECK" --db "$PB" playbooks --json >"$TEST_TMP/pb.json"
same "the default moved; the group on 穿搭 stays on it" \
	"$(py "[(p['name'][:6], p['default'], p['groups']) for p in d]" <"$TEST_TMP/pb.json")" \
	"[('穿搭社群SO', False, 1), ('私域社群标准', True, 3)]"
same "groups shows each group's playbook" \
	"$("$SOPDECK" --db "$PB" groups --json | py "sorted((g['name'], g['playbook'][:6], g['playbook_default']) for g in d)")" \
	"[('健身打卡营', '私域社群标准', True), ('宝妈早教群', '私域社群标准', True), ('穿搭群', '穿搭社群SO', False), ('老客户售后群', '私域社群标准', True)]"
check "group set --playbook" "$SOPDECK" --db "$PB" group set 健身打卡营 --playbook 穿搭社群SOP
same "...counted on it" "$("$SOPDECK" --db "$PB" playbooks --json | py "[p['groups'] for p in d if p['name'] == '穿搭社群SOP']")" "[2]"
expect_status "playbook default of an unknown name" 1 "$SOPDECK" --db "$PB" playbook default 没有
expect_status "playbook without default" 2 "$SOPDECK" --db "$PB" playbook
same "the default is audited" "$("$SOPDECK" --db "$PB" log --kind setting --json | py "d[0]['detail'][:17]")" "default_playbook="
