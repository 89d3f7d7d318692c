#!/bin/sh
# The Calendar tab end to end in tmux at 80x24: the week grid, moving the
# cursor, filling a slot from the library picker with a Chinese search, clearing
# it, moving a slot, undo, the next week, the month view; then `x` on an empty
# cell, the `p` placeholder form (Esc asks before dropping typed fields), a picker
# fill with a category filter that keeps the placeholder's owner, `s` shown in the cell, the detail line leading with
# status and warning, and `L` copying last week; every line fits 80 columns. Issue 12: the
# picker's search focus (j k typed) and list focus (Tab/↓, ↑ back), Enter on no result, ^T
# cycling the tags (read on the first press), a category that differs from the column's
# warned in the detail line, the legend (`i`, `?`), and the label column at 80 and 200
# columns.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/cal.db
DAY=2026-03-04
RUN="$SOPDECK --db $DB --today $DAY --operator tester"
G=宝妈成长营

check "import groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"
check "import content" $RUN import content "$FIXTURES/content.csv"
# A slot to move later: Friday 08:30.
check "schedule a placeholder" $RUN schedule --group "$G" --date 2026-03-06 --slot 08:30 --topic 周五早安图 --owner 小林

slot() { # DATE TIME: the slot of $G as "content_id|topic" or "none"
	$RUN calendar --json --group "$G" --week 2026-W10 | python3 -c "
import json, sys
d = json.load(sys.stdin)
c = [c for c in d['groups'][0]['cells'] if c['date'] == '$1' and c['time'] == '$2']
s = c[0]['slot'] if c else None
print('none' if s is None else '%s|%s' % (s['content_id'], s['topic']))"
}
same() { if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi; }

# widths: every screen line is at most 80 display columns (CJK = 2).
widths() {
	screen | python3 -c "
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
print(max(w(l.rstrip('\n')) for l in sys.stdin))"
}

tmux_start 80 24 "$RUN"
see "the console starts" "1 Today"
keys 2
see "the calendar shows the ISO week" "2026-W10"
see "the day header" "Wed 03-04"
see "the mix line" "mix  促活型"
see "groups are listed with headers" "▸ 宝妈成长营"
if [ "$(widths)" -le 80 ]; then ok "fits 80 columns"; else not_ok "fits 80 columns" "$(screen)"; fi

# One group only: f cycles all -> 宝妈成长营 -> Fit健身打卡A群 -> VIP客服群 (pinyin order).
keys f
see "one group shown" "03-08  $G"
# The cursor starts on Wednesday (today) 08:30; move right and back: Thursday, then Wednesday.
keys l
see "cursor moved to Thursday" "$G 03-05 08:30"
keys h
see "cursor back on Wednesday" "$G 03-04 08:30"

# Fill from the picker, searching in Chinese.
keys Enter
see "the picker opens" "pick from the library"
keys "辅食"
see "the search narrows to the Chinese item" "(1 found)"
keys Enter
see "the slot is filled" "scheduled: 宝宝辅食添加的三个误区"
same "the database has it" "$(slot 2026-03-04 08:30)" "1|"
see "the cell shows the title" "宝宝辅食"

# Clear it.
keys x
see "cleared" "cleared"
same "the slot is empty" "$(slot 2026-03-04 08:30)" "none"

# Move Friday's placeholder to Thursday 10:00: go to Friday, M, go to Thursday 10:00, Enter.
keys l l
see "on Friday" "$G 03-06 08:30"
keys M
see "move mode" "[move"
keys h j j
see "target Thursday 10:00" "$G 03-05 10:00"
keys Enter
see "moved" "moved"
same "the placeholder left Friday" "$(slot 2026-03-06 08:30)" "none"
same "and arrived on Thursday" "$(slot 2026-03-05 10:00)" "None|周五早安图"

# Undo the move.
keys u
see "undone" "undone: move"
same "undo put it back" "$(slot 2026-03-06 08:30)" "None|周五早安图"

# Next week, then a typed ISO week, then the month view.
keys ]
see "next week" "2026-W11"
keys g
see "the go-to prompt" "go to ("
keys "2026-W12" Enter
see "went to W12" "2026-W12"
keys m
see "the month view" "2026-03 month view"
see "node countdowns" "node countdowns"
see "an unplanned node is flagged" "! 2026-03-08 女王节 in 4 days  nothing planned: "
keys Escape
see "back to the week" "2026-W12"
if [ "$(widths)" -le 80 ]; then ok "still fits 80 columns"; else not_ok "still fits 80 columns" "$(screen)"; fi
keys q
see "quits cleanly" "__EXITED__ 0"

# ---- second session: status, warnings, the form, filters, copy last week ----
# Thursday's morning gets the same item, so Wednesday's fill warns of a repeat.
check "content on Thursday" $RUN schedule --group "$G" --date 2026-03-05 --slot 08:30 --content 1
tmux_start 80 24 "$RUN"
see "the console starts again" "1 Today"
keys 2
see "the calendar again" "2026-W10"
keys f
see "one group shown again" "03-08  $G"
see "the cursor is on Wednesday's morning" "$G 03-04 08:30"
keys x
see "x on an empty cell names the slot" "nothing scheduled for $G on 2026-03-04 08:30"
keys p
see "the placeholder form opens" "placeholder (Tab"
# Esc on typed fields asks before dropping them (issue 12); n goes back to the form.
keys "早安图" Escape
see "Esc with a typed topic asks" "discard changes? y/n"
keys n
see "n keeps the form open" "placeholder (Tab"
keys Tab "图文" Tab "小林" Enter
see "the placeholder is saved" "placeholder saved"
see "the detail line leads with the status" "[planned] $G 03-04 08:30 早安图 @小林"
see "the cell shows the status mark and topic" "○早安图"
keys Enter
see "the picker opens again" "pick from the library"
see "the picker shows its filters" "category[^F] all"
see "the picker marks what the group has within 14 days" "!14d 宝宝辅食"
keys C-f
see "^F filters by category" "category[^F] 促活型"
see "one engagement item" "(1 found)"
keys C-f
see "the next category" "category[^F] 转化型"
keys C-f C-f C-f
see "^F wraps round to engagement" "category[^F] 促活型"
keys Enter
see "filled from the filtered picker" "scheduled: 宝宝辅食添加的三个误区"
see "status and the repeat warning lead the detail line" "[planned] ! repeat(03-05) $G 03-04 08:30"
see "the owner of the placeholder is kept" "@小林"
same "the database keeps topic and owner" "$($RUN calendar --json --group "$G" --week 2026-W10 | python3 -c "
import json, sys
d = json.load(sys.stdin)
s = [c for c in d['groups'][0]['cells'] if c['date'] == '2026-03-04' and c['time'] == '08:30'][0]['slot']
print(s['content_id'], s['topic'], s['owner'])")" "1 早安图 小林"
keys s
see "s: the status is drafted" "drafted"
see "the cell shows the drafted mark" "✎!宝宝"
see "the detail line shows the new status" "[drafted] ! repeat(03-05)"
if [ "$(widths)" -le 80 ]; then ok "the detail line fits 80 columns"; else not_ok "the detail line fits 80 columns" "$(screen)"; fi
keys ]
see "next week" "2026-W11"
keys L
see "L copies last week" "copied 3 slots from last week"
see "the copied slot starts planned" "[planned] ! repeat(03-12) $G 03-11 08:30 宝宝辅食"
same "the copy is in the database" "$($RUN calendar --json --group "$G" --week 2026-W11 | python3 -c "
import json, sys
d = json.load(sys.stdin)
print(sorted((c['date'], c['slot']['status']) for c in d['groups'][0]['cells'] if c['slot']))")" "[('2026-03-11', 'planned'), ('2026-03-12', 'planned'), ('2026-03-13', 'planned')]"
keys u
see "undo the week copy" "undone: copy last week into 2026-W11"
keys q
see "quits cleanly again" "__EXITED__ 0"

# ---- issue 12: the picker's focus, no match, the category warning, the legend ----
tmux_start 80 24 "$RUN"
see "the console starts for the picker" "1 Today"
keys 2
see "the calendar for the picker" "2026-W10"
keys f l l l
see "on Saturday's morning" "$G 03-07 08:30"
keys Enter
see "the picker opens with the search focused" "▶search:"
keys j k
see "j and k are typed into the search, not moves" "▶search: jk"
see "nothing matches jk" "(0 found)"
keys Enter
see "Enter on no result says so inside the picker" "no match: change the search"
see "and the picker stays open" "pick from the library"
same "nothing was filled" "$(slot 2026-03-07 08:30)" "none"
keys BSpace BSpace
see "every item again" "(3 found)"
# ^T: the tags are read on the first press (not when the picker opens), most used first,
# ties by name; each press the next one, then back to every tag.
see "no tag filter yet" "tag[^T] all"
keys C-t
see "^T filters by the first tag" "tag[^T] 6月龄"
see "one item has it" "(1 found)"
keys C-t
see "^T again: the next tag" "tag[^T] 会员日"
keys C-t C-t C-t C-t C-t
see "^T wraps round to every tag" "tag[^T] all"
see "every item once more" "(3 found)"
keys Tab
see "Tab gives the list the focus, shown" "▶list"
see "the search is no longer marked" " search:"
keys Up
see "↑ on the first row goes back to the search" "▶search:"
keys Down j j
see "↓ gives the list the focus" "▶list"
keys Enter
see "j j moved to the third item, the brand one" "scheduled: 202602 品牌-创始人故事-短视频"
see "a brand item in the engagement column warns in the detail line" \
	"! wrong category(品牌型≠促活型) $G 03-07 08:30"
same "the slot is filled all the same" "$(slot 2026-03-07 08:30)" "3|"
same "calendar --json names the warning" "$($RUN calendar --json --group "$G" --week 2026-W10 | python3 -c "
import json, sys
d = json.load(sys.stdin)
print([c['warnings'] for c in d['groups'][0]['cells'] if c['date'] == '2026-03-07' and c['time'] == '08:30'][0])")" "['category']"
keys i
see "i opens the legend" "legend (any key"
see "the legend names the posted mark" "●       status posted"
see "the legend names the empty mark" "·       to fill"
see "the legend names the category warning" "wrong category: content of another category"
if [ "$(widths)" -le 80 ]; then ok "the legend fits 80 columns"; else not_ok "the legend fits 80 columns" "$(screen)"; fi
keys Escape
see "any key closes the legend" "$G 03-07 08:30"
keys '?'
see "? opens the help" "Help: keys"
keys NPage
see "the help lists the marks too" "● posted ✓ reviewed ✎ drafted ○ planned"
see "and the warnings" "repeat, stage, no such column, empty <48h, category"
keys Escape q
see "quits cleanly after the picker" "__EXITED__ 0"

# ---- the label column grows with the terminal: 9 columns at 80, whole names at 200 ----
tmux_start 80 24 "$RUN"
see "the console at 80 columns" "1 Today"
keys 2
see "the grid at 80" "2026-W10"
if screen | grep -q "^08:30 morning greeting"; then not_ok "at 80 the label is cut" "$(screen)"
else ok "at 80 the label is cut"; fi
keys q
see "quits at 80" "__EXITED__ 0"
tmux_start 200 40 "$RUN"
see "the console at 200 columns" "1 Today"
keys 2
see "at 200 the label column shows the whole English name" "08:30 morning greeting"
see "and the weekly column's name" "Monday industry brief"
keys q
see "quits at 200" "__EXITED__ 0"

# ---- the picker pages past its first 200 items (keyset) ----
python3 -c "
import datetime
print('标题,分类,素材区,形式,风格,标签,日期,来源,正文')
for i in range(1, 251):
    d = datetime.date(2025, 1, 1) + datetime.timedelta(days=i)
    print('批量素材%03d,促活型,知识干货区,图文,,批量,%s,原创,正文%d' % (i, d.isoformat(), i))
" >"$TEST_TMP/many.csv"
check "import 250 more items" $RUN import content "$TEST_TMP/many.csv"
tmux_start 80 24 "$RUN"
see "the console starts a third time" "1 Today"
keys 2
see "the calendar a third time" "2026-W10"
keys Enter
see "the picker counts every item" "(253 found)"
keys NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
see "PgDn pages past 200 to the oldest" "批量素材001"
keys PPage
see "PgUp goes back a page" "批量素材02"
keys Escape q
see "quits cleanly a third time" "__EXITED__ 0"

# ---- ] and [ keep the weeks seen: back as they were, and fresh after another's change ----
tmux_start 80 24 "$RUN"
see "kept weeks: the console starts" "1 Today"
keys 2
see "kept weeks: the calendar" "2026-W10"
filled() { screen | grep -o "filled [0-9]*/[0-9]*" | head -1; }
before=$(filled)
case $before in "filled "*/*) ok "kept weeks: the header counts the filled slots" ;;
*) not_ok "kept weeks: the header counts the filled slots" "$(screen)" ;; esac
keys ]
see "kept weeks: the next week" "2026-W11"
keys [
see "kept weeks: back to W10" "2026-W10"
same "kept weeks: W10 as it was" "$(filled)" "$before"
keys ]
see "kept weeks: W11 again" "2026-W11"
# Another operator fills a W10 slot: the week kept must not come back without it.
check "another operator fills Wednesday's 20:00" \
	$SOPDECK --db $DB --today $DAY --operator other schedule --group "$G" --date 2026-03-04 \
	--slot 20:00 --topic 别人排的
n=${before#filled }
keys [
see "kept weeks: W10 shows the other operator's slot" "filled $((${n%/*} + 1))/${n#*/}"
keys q
see "kept weeks: quits" "__EXITED__ 0"

# ---- a day with six nodes: the month view shows the first and "+5", the countdowns each ----
SIX="$SOPDECK --db $TEST_TMP/six.db --today $DAY --operator tester"
sed -e 's/^playbook: .*/playbook: 六节点SOP/' -e '/^nodes:/a\
  - {name: 五一, date: "05-01", lead_days: 0}\
  - {name: 会员节, date: "05-01", lead_days: 0}\
  - {name: 店庆, date: "05-01", lead_days: 0}\
  - {name: 新品日, date: "05-01", lead_days: 0}\
  - {name: 直播节, date: "05-01", lead_days: 0}\
  - {name: 清仓日, date: "05-01", lead_days: 0}' "$ASSETS/playbook.yaml" >"$TEST_TMP/six.yaml"
check "init the six-node workspace" $SIX init
check "import the six-node playbook" $SIX import playbook "$TEST_TMP/six.yaml"
check "make it the default" $SIX playbook default 六节点SOP
check "import groups (six nodes)" $SIX import groups "$FIXTURES/e2e-groups.yaml"
tmux_start 80 24 "$SIX"
see "six nodes: the console starts" "1 Today"
keys 2
see "six nodes: the calendar" "2026-W10"
keys m
see "six nodes: the month view in English" "2026-03 month view  [ ] month  m/Esc back to the week"
keys ] ]
see "six nodes: May" "2026-05 month view"
see "the day shows its first node and how many more" " 1五一 +5"
for n in 五一 会员节 店庆 新品日 直播节 清仓日; do
	see "the countdowns list $n" "2026-05-01 $n in 58 days"
done
keys Escape q
see "six nodes: quits" "__EXITED__ 0"
