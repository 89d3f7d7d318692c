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
	same "TZ=$tz: the text marks it" "$(TZ=$tz SOPDECK_NOW=2026-03-05T00:45:00Z "$SOPDECK" today | grep -c '08:30.*逾期')" "3"
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
same "v6 written in Beijing: 08:31 local becomes 00:31Z" \
	"$(py "[e['at'] for e in d if e['kind'] == 'tick']" <"$TEST_TMP/bj.json")" "['2026-03-05T00:31:00Z']"
same "v6 written in UTC: the instant is kept" \
	"$(py "[e['at'] for e in d if e['kind'] == 'tick']" <"$TEST_TMP/utc.json")" "['2026-03-05T08:31:00Z']"
same "a value of another shape is left alone" "$(py "[e['at'] for e in d if e['kind'] == 'note']" <"$TEST_TMP/bj.json")" "['odd']"
same "v6: the tick's time migrated, the tick is kept" \
	"$("$SOPDECK" --db "$TEST_TMP/v6-bj.db" --today 2026-03-05 today --json | py "[(a['ticked_by'], a['ticked_at']) for g in d['groups'] for a in g['actions'] if a['ticked']]")" \
	"[('小美', '2026-03-05T00:31:00Z')]"
same "v6: schema upgraded and intact" \
	"$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('pragma user_version').fetchone()[0] >= 9, c.execute('pragma integrity_check').fetchone()[0], [r[1] for r in c.execute('pragma table_info(chat_group)') if r[1] in ('archived', 'playbook')])" "$TEST_TMP/v6-bj.db")" \
	"True ok ['archived', 'playbook']"
