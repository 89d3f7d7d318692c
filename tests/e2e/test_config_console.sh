#!/bin/sh
# The config file in the console (issue 15), one file per setting, $XDG_CONFIG_HOME in the
# test's folder: theme (colours checked in the raw screen), week_start (the month view's
# first column, the week grid's days, [ ] t g and L by those weeks, Review's week report), default_view (the tab it opens on), keys (bound keys act, a rebound
# global key stops, the help shows them); `sopdeck config` shows each in effect.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/c.db
DAY=2026-03-04
RUN="$SOPDECK --db $DB --today $DAY --operator tester"
check "import the e2e playbook" $RUN import playbook "$FIXTURES/e2e-playbook.yaml"
check "import the e2e groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"
CFG=$XDG_CONFIG_HOME/sopdeck/config.yaml
mkdir -p "${CFG%/*}"
config() { printf '%s\n' "$@" >"$CFG"; }
# raw: the screen with its attributes as escape sequences (colours included).
raw() { tmux_cmd capture-pane -e -p -t t; }

# ---- theme ----
rm -f "$CFG"
tmux_start 80 24 "$RUN"
see "no config file: the console starts" "Today 20"
if raw | grep -qF '48;5;237'; then ok "theme auto: 256 colours, the dark tab bar (237)"; else
	not_ok "theme auto: 256 colours, the dark tab bar (237)" "$(raw | head -3 | od -c | head)"; fi
keys '?' G
see "help says the theme" "Colours: 256, theme auto"
keys Escape q
see "quit" "__EXITED__ 0"
tmux_stop

config 'theme: default'
tmux_start 80 24 "$RUN"
see "theme default: starts" "Today 20"
if raw | grep -qF '48;5;237'; then ok "theme default: the same palette as auto"; else
	not_ok "theme default: the same palette as auto" "$(raw | head -2)"; fi
keys q
see "quit" "__EXITED__ 0"
tmux_stop

config 'theme: light'
tmux_start 80 24 "$RUN"
see "theme light: starts" "Today 20"
if raw | grep -qF '48;5;252' && ! raw | grep -qF '48;5;237'; then
	ok "theme light: the light tab bar (252), not the dark one"; else
	not_ok "theme light: the light tab bar (252), not the dark one" "$(raw | head -2)"; fi
keys '?' G
see "help says light" "theme light"
keys Escape q
see "quit" "__EXITED__ 0"
tmux_stop

config 'theme: mono'
tmux_start 80 24 "$RUN"
see "theme mono: starts" "Today 20"
if raw | grep -qE '\[(3[0-7]|4[0-7]|38;5|48;5)[;m]|;(3[0-7]|4[0-7]|38;5|48;5)[;m]'; then
	not_ok "theme mono: no colour at all" "$(raw | head -3)"; else ok "theme mono: no colour at all"; fi
if raw | grep -qF '[7m' || raw | grep -qF ';7m'; then ok "theme mono: the tab bar in reverse video"; else
	not_ok "theme mono: the tab bar in reverse video" "$(raw | head -2)"; fi
keys '?' G
see "help says mono, no colours" "Colours: none, theme mono"
keys Escape q
see "quit" "__EXITED__ 0"
tmux_stop

# ---- week_start ----
config 'week_start: sunday'
tmux_start 80 24 "$RUN"
see "week_start: starts" "Today 20"
keys 2 m
see "week_start sunday: the month view starts on Sunday" "Sun       Mon       Tue"
see "...March 1st (a Sunday) in the first column" " 1 "
if screen | grep -qE '^ 1 [0-9]+/[0-9]+ +2 '; then ok "...at the left edge"; else
	not_ok "...at the left edge" "$(screen)"; fi
# The week grid starts there too: Sunday 03-01 .. Saturday 03-07 holds today (Wednesday),
# named by the ISO week of most of its days; [ ] t and g move by such weeks.
keys Escape
see "week_start sunday: the week grid runs Sunday to Saturday" "2026-W10  03-01 ~ 03-07"
see "...its columns start on Sunday" "Sun 03-01 Mon 03-02 Tue 03-03 Wed 03-04"
if screen | grep -qF "Sat 03-07" && ! screen | grep -qF "03-08"; then
	ok "...and end on Saturday, without the Monday week's Sunday"; else
	not_ok "...and end on Saturday, without the Monday week's Sunday" "$(screen)"; fi
see "...the cursor on today, the fourth column" "宝妈成长营 03-04 08:30"
keys l l l
see "...Saturday is the last column" "宝妈成长营 03-07 08:30"
keys l
see "...and the cursor stays in the week" "宝妈成长营 03-07 08:30"
keys ]
see "] the next Sunday week" "2026-W11  03-08 ~ 03-14"
see "...Sunday 03-08 first" "Sun 03-08 Mon 03-09"
keys t
see "t this week again" "2026-W10  03-01 ~ 03-07"
see "...the cursor on today" "宝妈成长营 03-04 08:30"
keys [
see "[ the Sunday week before" "2026-W09  02-22 ~ 02-28"
keys g
keys "2026-W12" Enter
see "g an ISO week: the Sunday week holding its Monday" "2026-W12  03-15 ~ 03-21"
see "...the cursor on that Monday" "03-16 08:30 · "
keys g
keys "2026-03-21" Enter
see "g a Saturday: its Sunday week" "2026-W12  03-15 ~ 03-21"
see "...the cursor on the Saturday" "03-21 08:30 · "
keys g
keys "2026-03-22" Enter
see "g a Sunday: the week it starts" "2026-W13  03-22 ~ 03-28"
see "...in the first column" "03-22 08:30 · "
# The Review tab's week report covers the same Sunday week (issue 15), not the ISO week.
keys 6 w
see "Review's week report: Sunday to Saturday" "# Weekly report 2026-W10 (3/1 (Sun) — 3/7 (Sat))"
keys Escape
keys q
see "quit" "__EXITED__ 0"
tmux_stop
# L copies the seven days before the Sunday week (03-01 .. 03-07) into it, not an ISO week.
check "a placeholder on Sunday 03-01" $RUN schedule --group 宝妈成长营 --date 2026-03-01 \
	--slot 08:30 --topic 周日早安
tmux_start 80 24 "$RUN"
see "week_start sunday again" "Today 20"
keys 2 ]
see "the next Sunday week" "2026-W11  03-08 ~ 03-14"
keys L
see "L copies last (Sunday) week" "copied 1 slots from last week"
keys q
see "quit" "__EXITED__ 0"
tmux_stop
expect_status "the copy landed on Sunday 03-08" 0 $RUN calendar --json --group 宝妈成长营 --week 2026-W10
if $RUN calendar --json --group 宝妈成长营 --week 2026-W10 | python3 -c "
import json, sys
d = json.load(sys.stdin)
c = [c for c in d['groups'][0]['cells'] if c['date'] == '2026-03-08' and c['time'] == '08:30']
assert c and c[0]['slot'] and c[0]['slot']['topic'] == '周日早安', c"; then
	ok "...the CLI's ISO week W10 (Monday to Sunday) shows the copy on Sunday 03-08"; else
	not_ok "...the CLI's ISO week W10 (Monday to Sunday) shows the copy on Sunday 03-08"; fi
config 'week_start: monday'
tmux_start 80 24 "$RUN"
see "week_start monday: starts" "Today 20"
keys 2 m
see "week_start monday: Monday first" "Mon       Tue       Wed"
# 2026-03-01 is a Sunday: alone at column 60 (the seventh of 10 columns each) on its row.
if screen | grep -qE '^ {60} 1 [0-9]+/[0-9]+ *$'; then ok "...March 1st in the last (Sunday) column"
else not_ok "...March 1st in the last (Sunday) column" "$(screen)"; fi
keys Escape
see "week_start monday: the week grid runs Monday to Sunday" "2026-W10  03-02 ~ 03-08"
see "...its columns start on Monday" "Mon 03-02 Tue 03-03"
keys 6 w
see "Review's week report: Monday to Sunday" "# Weekly report 2026-W10 (3/2 (Mon) — 3/8 (Sun))"
keys Escape
keys q
see "quit" "__EXITED__ 0"
tmux_stop

# ---- default_view ----
config 'default_view: calendar'
tmux_start 80 24 "$RUN"
see "default_view calendar: opens on the Calendar" "mix  促活型"
keys 1
see "...and 1 still goes to Today" "Today 20"
keys q
see "quit" "__EXITED__ 0"
tmux_stop
config 'default_view: review'
tmux_start 80 24 "$RUN"
see "default_view review: opens on Review" "Review · A/B"
keys q
see "quit" "__EXITED__ 0"
tmux_stop

# ---- keys ----
config 'keys:' '  quit: Q' '  tick: t' '  tab_kpi: K' '  overdue: n'
expect_status "sopdeck config with keys" 0 $RUN config
contains "config shows the bound quit key and where it is from" "$TEST_TMP/last.out" \
	"quit          Q  [config $CFG:2]"
contains "config shows tick's binding" "$TEST_TMP/last.out" "tick          t  [config $CFG:3]"
lacks "keys are used now: no '*' after them" "$TEST_TMP/last.out" "$CFG:3]  *"
tmux_start 80 24 "$RUN"
see "keys: starts" "Today 20"
keys t
see "t ticks (bound to tick)" "ticked: 早安问候"
keys n
see "n jumps to the next overdue item (bound to overdue)" "overdue: 宝妈成长营 · 干货分享"
keys x
see "x still ticks (a tab's default key stays)" "ticked: 干货分享"
keys K
see "K opens KPI (bound to tab_kpi)" "KPI dashboard"
keys 1 q '?'
see "q no longer quits (quit is Q now): help opens" "Everywhere"
see "help shows the bound tab key" "1 2 3 K 5 6"
see "help shows Q for quit" "Q                 quit"
see "help adds t to Today's tick keys" "Space x t         tick / untick"
if screen | grep -qF "Esc q  "; then ok "...but not Q to the overlay's Esc q (quit is global)"; else
	not_ok "...but not Q to the overlay's Esc q (quit is global)" "$(screen)"; fi
keys G
see "help lists the bindings" "Your keys (keys: in the config file)"
see "...t as Space" "tick (as Space)"
keys Escape
wait_gone "Everywhere" || not_ok "help closes" "$(screen)"
keys Q
see "Q quits" "__EXITED__ 0"
tmux_stop

# A binding is not applied inside a text field: `/ t` types a t into the filter.
tmux_start 80 24 "$RUN"
see "keys again" "Today 20"
keys / t
see "a bound key types itself in the filter" "filter /t:"
keys Escape Q
see "Q quits" "__EXITED__ 0"
tmux_stop

# ---- sopdeck config shows what is in effect ----
config 'theme: mono' 'week_start: sunday' 'default_view: kpi' 'mouse: false'
expect_status "sopdeck config --json" 0 $RUN config --json
if python3 - "$TEST_TMP/last.out" "$CFG" <<'EOP'
import json, sys
d = json.load(open(sys.argv[1]))
s, cfg = d["settings"], sys.argv[2]
for k, v, line in (("theme", "mono", 1), ("week_start", "sunday", 2), ("default_view", "kpi", 3),
                   ("mouse", "false", 4)):
    assert s[k]["value"] == v and s[k]["source"] == "config" and s[k]["line"] == line, s[k]
    assert s[k]["used"] is True, s[k]
EOP
then ok "config --json: theme, week_start, default_view, mouse from the file, used"; else
	not_ok "config --json: theme, week_start, default_view, mouse from the file, used" "$(cat "$TEST_TMP/last.out")"; fi
expect_status "--no-mouse wins over the file" 0 $RUN --no-mouse config
contains "config says mouse is off by the flag" "$TEST_TMP/last.out" "mouse         false  [flag --no-mouse]"
config 'mouse: maybe'
expect_status "a bad mouse value is an error" 1 $RUN config
contains "...with line:column" "$TEST_TMP/last.err" "$CFG:1:8: mouse: 'maybe' is not one of true|false"
config 'default_view: review' 'keys: {tab_review: R}'
expect_status "review and tab_review are known" 0 $RUN config
contains "default_view review shown" "$TEST_TMP/last.out" "default_view  review  [config $CFG:1]"
