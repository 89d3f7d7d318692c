#!/bin/sh
# The Review tab (复盘) end to end in tmux at 80x24 on the demo workspace: the running A/B
# test with its standing, feedback counts per group aligned under the quadrant names, adding
# feedback in two keys and a line of Chinese text (Esc asks before dropping it), closing an
# entry with a note, open-only, the week's report in a pager, and the same data on the command
# line afterwards.
. "$(dirname "$0")/../lib.sh"

# --demo always opens $XDG_DATA_HOME/sopdeck/demo.db.
export XDG_DATA_HOME=$TEST_TMP/xdg
DB=$XDG_DATA_HOME/sopdeck/demo.db

tmux_start 80 24 "XDG_DATA_HOME=$XDG_DATA_HOME $SOPDECK --demo --today 2026-03-04 --operator tester"
see "console starts" "Today 20"
keys 6
see "Review tab" "Review · A/B"
see "the running A/B test with its verdict" "福利话术 · copy perks"
# The verdict is read whole at 80 columns: its second half wraps onto a row of its own.
see "the verdict's end is not cut" "more group-days per arm"
see "feedback counts header" "public     private"
see "an open demo entry" "希望每周多发两次辅食食谱"
screen >"$TEST_TMP/review.txt"
python3 - "$TEST_TMP/review.txt" <<'PY' && ok "count columns aligned under the quadrant names" || not_ok "count columns aligned under the quadrant names" "$(cat "$TEST_TMP/review.txt")"
import re, sys, unicodedata
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head = next(l for l in lines if "public" in l and "private" in l)
col = width(head[: head.index("public")])
rows = [l for l in lines if re.search(r"\s\d+/\d+\s", l)]
starts = {width(l[: re.search(r"\d+/\d+", l).start()]) for l in rows}
assert len(rows) == 7 and starts == {col}, (rows, starts, col)  # the demo's 7 groups
PY

# Add: the cursor is on the first group row; a, 2 (private: 私聊吐槽), the text, Enter.
keys a
see "quadrant prompt" "quadrant 1 public"
keys 2
see "text prompt" "feedback:"
keys "群里广告太多，希望管理员清理" Enter
see "added message" "recorded: private"
see "the new entry is listed" "群里广告太多，希望管理员清理"
# Esc on typed text asks first (issue 12: nothing typed is lost unasked); n keeps the text,
# y discards it; Esc on an empty prompt just closes it.
keys a 1
keys "不要这条" Escape
see "Esc on typed text asks" "discard changes? y/n"
keys n
see "n keeps the typed text" "feedback: 不要这条"
keys Escape
see "Esc asks again" "discard changes? y/n"
keys y
wait_gone "feedback:" 5 && ok "y discards and closes the prompt" || not_ok "y discards and closes the prompt" "$(screen)"
keys a 1
see "empty text prompt" "feedback:"
keys Escape
wait_gone "feedback:" 5 && ok "Esc on an empty prompt closes it" || not_ok "Esc on an empty prompt closes it" "$(screen)"
lacks_screen() { if screen | grep -qF -- "$2"; then not_ok "$1" "$(screen)"; else ok "$1"; fi; }
lacks_screen "cancelled text not added" "不要这条"

# Close the last open entry (open-only, cursor to the bottom).
keys o
see "open-only header" "open only"
keys G
keys c
see "note prompt" "what was done:"
keys "已私聊提醒并设置群规" Enter
see "closed message" "closed #"
"$SOPDECK" --db "$DB" feedback --json >"$TEST_TMP/after.json"
python3 - "$TEST_TMP/after.json" <<'PY' && ok "the close and the add reached the database" || not_ok "the close and the add reached the database" "$(cat "$TEST_TMP/after.json")"
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))["items"]
new = [i for i in items if i["text"] == "群里广告太多，希望管理员清理"]
assert len(new) == 1 and new[0]["quadrant"] == "private" and new[0]["created_by"] == "tester"
closed = [i for i in items if i.get("note") == "已私聊提醒并设置群规"]
assert len(closed) == 1 and closed[0]["closed_by"] == "tester"
assert not any(i["text"] == "不要这条" for i in items)
PY

keys w
see "week report in a pager, in the language chosen" "# Weekly report 2026-W10"
keys G
see "report ends with the feedback and versions" "## SOP versions"
see "the added feedback is in the report" "群里广告太多"
keys Escape
wait_gone "# Weekly report" 5 && ok "Esc closes the pager" || not_ok "Esc closes the pager" "$(screen)"

# Too small a terminal is still said plainly on this tab.
tmux_cmd resize-window -t t -x 60 -y 20
see "too small is said" "too small"
tmux_cmd resize-window -t t -x 80 -y 24
see "back at 80x24" "Review · A/B"
keys q
see "quits" "__EXITED__ 0"

# An operator who owns groups starts on them; the reports then cover those groups only, as
# `report --mine` does (苏苏 owns the demo's two 穿搭 groups), and O widens them to all 7.
tmux_start 80 24 "XDG_DATA_HOME=$XDG_DATA_HOME $SOPDECK --demo --today 2026-03-04 --operator 苏苏"
see "starts on my groups" "mine: 苏苏"
keys 6
see "Review tab as 苏苏" "Review · A/B"
keys d
see "day report of my groups" "Scope: 2 groups · operator 苏苏"
keys Escape
wait_gone "Scope:" 5 && ok "Esc closes the day report" || not_ok "Esc closes the day report" "$(screen)"
keys O
see "O: all groups" "all groups"
keys m
see "month report of every group" "Scope: 7 groups"
keys Escape
wait_gone "Scope:" 5 && ok "Esc closes the month report" || not_ok "Esc closes the month report" "$(screen)"
keys q
see "quits after the reports" "__EXITED__ 0"
