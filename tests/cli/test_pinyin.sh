#!/bin/sh
# Issue 15: lists read the way people read. Group names in pinyin order (宝妈一群 before
# 售后群A, 阿 before 宝, 2群 before 10群) in `groups`, --json, today, kpi, the calendar,
# completion, and content --sort=title; SOPDECK_LANG=en keeps pinyin; lunar
# nodes in the month view of years past any hand-made list.
. "$(dirname "$0")/../lib.sh"

same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:    $2" "wanted: $3"; fi
}
py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

cat >"$TEST_TMP/groups.csv" <<'CSV'
群名,平台,类型,创建日期,群主
售后群A,企业微信,客户服务型,2026-01-10,小美
宝妈一群,企业微信,群发推广型,2026-01-10,小美
宝妈10群,企业微信,群发推广型,2026-01-10,小美
中秋福利群,个人微信,群发推广型,2026-01-10,阿杰
宝妈2群,企业微信,群发推广型,2026-01-10,小美
阿姨团,个人微信,精细化运营型,2026-01-10,阿杰
CSV
check "import groups" "$SOPDECK" import groups "$TEST_TMP/groups.csv"
want="阿姨团 宝妈2群 宝妈10群 宝妈一群 售后群A 中秋福利群"

"$SOPDECK" groups >"$TEST_TMP/groups.txt" 2>&1
same "groups: pinyin order (ā, bǎo 2 < 10 < 一, shòu, zhōng)" \
	"$(awk 'NR > 1 {print $2}' "$TEST_TMP/groups.txt" | tr '\n' ' ' | sed 's/ $//')" "$want"
same "groups --json: the same order" \
	"$("$SOPDECK" groups --json | py "' '.join(g['name'] for g in d)")" "$want"
same "groups --all: the same order" \
	"$("$SOPDECK" groups --all --json | py "' '.join(g['name'] for g in d)")" "$want"
same "today --json: groups in pinyin order" \
	"$("$SOPDECK" today --json | py "' '.join(g['name'] for g in d['groups'])")" "$want"
same "kpi --json: groups in pinyin order" \
	"$("$SOPDECK" kpi --json | py "' '.join(g['name'] for g in d['groups'])")" "$want"
same "completion: group names in pinyin order" \
	"$("$SOPDECK" complete groups | tr '\n' ' ' | sed 's/ $//')" "$want"

# Issue 9: the order comes from each group's stored sort key (migration 020; its own
# tests are in tests/unit/test_collate.c). A renamed group sorts by its new name (阿姨团 ā -> 左邻团 zuǒ: last).
check "group set --name" "$SOPDECK" group set 阿姨团 --name 左邻团
same "a renamed group re-sorts" \
	"$("$SOPDECK" groups --json | py "' '.join(g['name'] for g in d)")" \
	"宝妈2群 宝妈10群 宝妈一群 售后群A 中秋福利群 左邻团"
check "group set --name back" "$SOPDECK" group set 左邻团 --name 阿姨团

# English interface: the same pinyin order (the names are Chinese whatever the interface).
same "SOPDECK_LANG=en: still pinyin" \
	"$(SOPDECK_LANG=en "$SOPDECK" groups --json | py "' '.join(g['name'] for g in d)")" \
	"阿姨团 宝妈2群 宝妈10群 宝妈一群 售后群A 中秋福利群"

# Titles: content --sort=title, and pages (--limit/--after) that agree with it.
cat >"$TEST_TMP/content.csv" <<'CSV'
title,category,date
早安问候,engage,2026-03-01
阿姨带娃经验,engage,2026-03-02
宝宝辅食,engage,2026-03-03
育儿误区,engage,2026-03-04
售后答疑,convert,2026-03-05
CSV
check "import content" "$SOPDECK" import content "$TEST_TMP/content.csv"
same "content --sort=title: pinyin order" \
	"$("$SOPDECK" content --sort=title --json | py "' '.join(i['title'] for i in d['items'])")" \
	"阿姨带娃经验 宝宝辅食 售后答疑 育儿误区 早安问候"
first=$("$SOPDECK" content --sort=title --limit 2 --json)
after=$(echo "$first" | py "d['next_after']")
same "content --sort=title --limit 2 --after: the next page in pinyin order" \
	"$("$SOPDECK" content --sort=title --limit 2 --after "$after" --json |
		py "' '.join(i['title'] for i in d['items'])")" "售后答疑 育儿误区"

# Lunar nodes of the default playbook, years the old four-year lists never had.
"$SOPDECK" calendar --month 2030-02 >"$TEST_TMP/m.txt" 2>&1
same "calendar 2030-02: 春节 on 02-03 only (ICU alone says 02-02)" \
	"$(grep '^2030-02-.*春节' "$TEST_TMP/m.txt" | cut -c1-10)" "2030-02-03"
same "calendar 2031-10: 中秋 on 10-01" \
	"$("$SOPDECK" calendar --month 2031-10 | grep '^2031-10-.*中秋' | cut -c1-10)" "2031-10-01"
same "calendar 2029-08: 七夕 on 08-16" \
	"$("$SOPDECK" calendar --month 2029-08 | grep '^2029-08-.*七夕' | cut -c1-10)" "2029-08-16"

# A lunar node is checked where it is written: file:line:col, nothing loaded.
sed 's/{name: 中秋, lunar: "08-15"/{name: 中秋, lunar: "08-32"/' "$ASSETS/playbook.yaml" >"$TEST_TMP/bad.yaml"
line=$(grep -n 'name: 中秋' "$TEST_TMP/bad.yaml" | cut -d: -f1)
expect_status "a bad lunar date is refused" 1 "$SOPDECK" import playbook "$TEST_TMP/bad.yaml"
same "it says file:line:col and what a lunar date is" "$(cat "$TEST_TMP/last.err")" \
	"sopdeck: $TEST_TMP/bad.yaml:$line:23: 'lunar' must be \"MM-DD\" of the Chinese calendar (month 01-12, day 01-30; 中秋 is \"08-15\"), found '08-32'"
sed 's/{name: 七夕, lunar: "07-07"/{name: 除夕, lunar: "01-01", offset: -1}\n  - {name: 七夕, lunar: "07-07"/' \
	"$ASSETS/playbook.yaml" >"$TEST_TMP/eve.yaml"
check "a playbook with 除夕 (lunar 01-01, offset -1) imports" "$SOPDECK" import playbook "$TEST_TMP/eve.yaml"
same "除夕 2027 is 02-05, the eve of 春节 02-06" \
	"$("$SOPDECK" calendar --month 2027-02 | grep '^2027-02-.*除夕' | cut -c1-10)" "2027-02-05"
