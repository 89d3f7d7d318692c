#!/bin/sh
# The shared widgets at 80x24 with Chinese text: the one line editor
# (widget-input.c: by character, cursor by display column, horizontal scroll)
# in the Library search, the Calendar picker's search and a narrow form field;
# the one picker (widget-picker.c) in the Calendar and the Library's tags.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/w.db
RUN="$SOPDECK --db $DB --today 2026-03-04"
check "import groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"
check "import the demo content" $RUN import content "$ASSETS/demo-content.yaml"

# line_has NAME MARKER: some screen line holds MARKER (fixed string).
line_has() { if screen | grep -qF -- "$2"; then ok "$1"; else not_ok "$1" "'$2' not on screen" "$(screen)"; fi; }
line_lacks() { if screen | grep -qF -- "$2"; then not_ok "$1" "'$2' still on screen" "$(screen)"; else ok "$1"; fi; }

tmux_start 80 24 "$RUN"
see "the console starts" "Today 20"

# ---- the Library search: 夜醒, the cursor left over a CJK character, Backspace ----
keys 3
see "the Library opens" "Library 36 items"
keys /
keys -l 夜醒
see "the search shows what was typed" "/夜醒"
see "夜醒 narrows the list to one item" "Library 1 items"
keys Left
keys BSpace
see "Backspace deletes the character before the cursor (夜), not the last (醒)" "/醒"
line_lacks "no half character is left behind" "/夜"
see "the list follows the edited search" "宝宝夜醒频繁怎么办"
keys -l 半
see "typing inserts at the cursor, before 醒" "/半醒"
see "半醒 matches nothing" "Library 0 items"
keys C-e C-w
see "^W deletes the word before the cursor" "Library 36 items"
keys -l 误区
see "误区 searches" "Library 3 items"
keys C-a Delete
see "Delete removes the character under the cursor" "/区"
keys Enter
see "Enter keeps the search" "search=“区”"
keys c
see "c clears the filters" "filter: all"

# ---- the Library's tag picker (widget_picker): counts, paging keys ----
keys t
see "the tag picker shows its count" "tags "
line_has "the tag picker is the shared picker (Space picks)" "Space picks"
keys j Space
see "Space toggles the tag under the cursor" "[x]"
keys Escape
see "the tag filter shows on the filter line" "tag="
keys c

# ---- the Calendar picker: a Chinese search, edited in the middle ----
keys 2
see "the Calendar opens" "2026-W10"
keys Enter
see "the picker opens" "pick from the library"
see "the picker counts the whole library" "(36 found)"
keys -l 误区
see "误区 in the picker" "(3 found)"
line_has "the picker's search shows 误区" "search: 误区"
keys Left BSpace
see "Backspace over 误 leaves 区" "(5 found)"
line_has "the picker's search is 区" "search: 区"
keys C-e C-u
see "^U clears the search" "(36 found)"
keys -l 夜醒
see "夜醒 in the picker" "(1 found)"
keys Enter
see "Enter fills the slot from the picker" "scheduled: 宝宝夜醒频繁怎么办"

# ---- a narrow field scrolls sideways so the cursor stays visible ----
keys p
see "the placeholder form opens" "placeholder (Tab next"
# 30 Chinese characters: 60 columns in a 41-column field.
keys -l 甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬东南西北
see "the end of a long text shows while typing" "春夏秋冬东南西北"
line_lacks "its start has scrolled out of the field" "甲乙丙"
keys C-a
see "^A (Home) scrolls back to the start" "甲乙丙丁"
line_lacks "and the end is out of view" "东南西北"
keys Right Right
keys -l 一
see "typing in the middle inserts by character" "甲乙一丙丁"
keys C-e
see "^E (End) shows the end again" "东南西北"
# Esc on typed text asks first (issue 12); y drops it.
keys Escape
see "Esc on the typed topic asks" "discard changes? y/n"
keys y q
see "q quits" "__EXITED__ 0"
