#!/bin/sh
# Several operators: a console open on the Library, Calendar and Log tabs notices
# another process's change (PRAGMA data_version, polled about once a second)
# within 2 s, and the cursor stays on the same item, not the same row number.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/ops.db
RUN="$SOPDECK --db $DB --today 2026-03-04"
check "import groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"
check "import the demo content" $RUN import content "$ASSETS/demo-content.yaml"

# move_to NAME KEY MARKER: press KEY until MARKER shows (a tab loads when first shown,
# so the rows above depend on what was imported before it opened).
move_to() {
	i=0
	until screen | grep -qF -- "$3" || [ "$i" -ge 40 ]; do
		before=$(screen)
		keys "$2"
		i=$((i + 1))
		# Wait for the key to show before looking again (never press twice blind).
		end=$(($(date +%s) + 3))
		while [ "$(screen)" = "$before" ] && [ "$(date +%s)" -le "$end" ]; do sleep 0.05; done
	done
	if screen | grep -qF -- "$3"; then ok "$1"; else not_ok "$1" "'$3' never appeared" "$(screen)"; fi
}

# seen_within NAME SECONDS MARKER: the marker shows within SECONDS.
seen_within() {
	if wait_for "$3" "$2"; then ok "$1"; else not_ok "$1" "'$3' not seen in $2 s" "$(screen)"; fi
}

tmux_start 120 30 "$RUN --operator alice"
see "the console starts" "Today"

# Today: the cursor on the first group's (宝妈成长营, pinyin order) second item; a group sorted
# first (0号新群: digits before Han) appears.
keys j
cat >"$TEST_TMP/g0.yaml" <<'YAML'
- name: 0号新群
  platform: wecom
  type: promotion
  created: 2026-03-03
YAML
check "bob imports a group (Today open)" $RUN --operator bob import groups "$TEST_TMP/g0.yaml"
seen_within "Today shows bob's group within 2 s" 2 "0号新群"
keys Enter
see "Today: the cursor stayed on the same item" "宝妈成长营 · knowledge post"
keys Escape

# KPI: the cursor on VIP客服群; a new group's row comes in above it.
keys 4
see "the KPI tab opens" "VIP客服群"
move_to "the cursor is on VIP客服群" j "▸ VIP客服群"
cat >"$TEST_TMP/g1.yaml" <<'YAML'
- name: 1号新群
  platform: wecom
  type: promotion
  created: 2026-03-03
YAML
check "bob imports a group (KPI open)" $RUN --operator bob import groups "$TEST_TMP/g1.yaml"
seen_within "KPI shows bob's group within 2 s" 2 "1号新群"
keys Enter
see "KPI: the cursor stayed on VIP客服群" "VIP客服群 · retention"
keys Escape

# Library: the cursor on the third item; another operator adds a newer one above it.
keys 3
see "the Library opens" "Library 36 items"
keys j j
see "the cursor is on the third item (detail pane)" "│ 福利推送：晚 8 点整点抢券"
cat >"$TEST_TMP/new.yaml" <<'YAML'
- title: 新到的素材：三月新品
  category: engage
  form: 图文
  tags: [新品]
  date: 2026-03-04
  body: 另一位运营刚加的
YAML
check "bob imports an item from the command line" \
	$RUN --operator bob import content "$TEST_TMP/new.yaml"
seen_within "the Library shows bob's item within 2 s" 2 "新到的素材：三月新品"
see "the count went up" "Library 37 items"
see "the cursor stayed on the same item, one row lower" "│ 福利推送：晚 8 点整点抢券"
keys k
see "one row up is the item that was above it" "│ 宝宝发烧怎么办"

# Calendar: the cursor on a group's 15:00 row; a group sorted before it appears.
keys 2
see "the Calendar opens" "all groups  filled"
move_to "the cursor is on Fit健身打卡A群 15:00" j "Fit健身打卡A群 03-04 15:00"
cat >"$TEST_TMP/g.yaml" <<'YAML'
- name: AAA新开群
  platform: wecom
  type: promotion
  created: 2026-03-01
YAML
check "bob imports a group from the command line" \
	$RUN --operator bob import groups "$TEST_TMP/g.yaml"
seen_within "the Calendar shows bob's group within 2 s" 2 "AAA新开群"
see "the cursor stayed on Fit健身打卡A群 15:00" "Fit健身打卡A群 03-04 15:00"

# Calendar: another operator fills the very slot under the cursor.
id=$($RUN content --search 福利推送 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
check "bob schedules content into that slot" \
	$RUN --operator bob schedule --group Fit健身打卡A群 --date 2026-03-04 --slot 15:00 --content "$id"
seen_within "the slot shows bob's content within 2 s" 2 "福利推送"
see "the cursor is still on that slot" "Fit健身打卡A群 03-04 15:00"

# Log: bob's changes are listed, newest first, and new ones arrive by themselves.
keys 5
see "the Log tab lists bob's schedule" "schedule"
if screen | grep -q "bob .*schedule" && screen | grep -q "bob .*import groups"; then
	ok "the log names the operator and kind"; else not_ok "the log names the operator and kind" "$(screen)"; fi
check "bob ticks an item" $RUN --operator bob tick 4:morning
seen_within "the tick shows in the Log within 2 s" 2 "tick"
first=$(screen | sed -n 4p)
case $first in *bob*tick*4:morning*) ok "the newest entry is on top" ;;
*) not_ok "the newest entry is on top" "$first" ;; esac
# Filter by operator: alice has done nothing.
keys o C-u
keys -l alice
keys Enter
see "filtering by operator alice" "operator alice"
see "alice has no entries" "(no entries)"
keys c
see "c clears the filter" "Audit log · all"
keys f
keys -l import
keys Enter
see "filtering by kind" "kind import"
if screen | grep -q " tick "; then not_ok "the kind filter hides ticks" "$(screen)"; else
	ok "the kind filter hides ticks"; fi
keys c Enter
see "Enter opens the whole entry" "Audit entry"
keys Escape q
see "q quits" "__EXITED__ 0"
