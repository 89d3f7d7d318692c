#!/bin/sh
# The console end to end in tmux: today's checklist with Chinese text aligned,
# tick / quit / restart, help, tabs, resize, and `y` copying through OSC 52.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/x.db
DAY=2026-03-04    # a Wednesday: the mon/wed/fri topic is due, 会员日 (03-07) is 3 days off
RUN="$SOPDECK --db $DB --today $DAY --operator tester"

check "import the e2e playbook" $RUN import playbook "$FIXTURES/e2e-playbook.yaml"
check "import the e2e groups" $RUN import groups "$FIXTURES/e2e-groups.yaml"

# columns FILE: for the screen in FILE, print "kind col ..." lines measured in
# display columns (CJK = 2), which is what an operator sees.
columns() {
	python3 - "$1" <<'EOF'
import re, sys, unicodedata
def width(s):
    w = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in 'WF' else 1
    return w
for line in open(sys.argv[1], encoding='utf-8'):
    line = line.rstrip('\n')
    m = re.search(r'\[[ x]\] ', line)
    if m:
        box = width(line[:m.start()])
        t = re.search(r'(\d\d:\d\d|  —  )', line[m.end():])
        time = width(line[:m.end() + t.start()]) if t else -1
        cats = [width(line[:c.start()]) for c in re.finditer('促活型|转化型|品牌型', line)]
        title = line[m.end() + 6:].split('  ')[0].strip()
        print('item', box, time, cats[-1] if cats else -1, width(title), sep='\t')
    h = re.search(r'day \d+ · .*?(\d+/\d+) ', line)
    if h:
        print('header', width(line[:h.start(1) + len(h.group(1))]), sep='\t')
EOF
}

# ---- first run: see the checklist, check alignment, tick one ----
tmux_start 80 24 "$RUN"
see "the checklist shows Chinese titles" "早安问候"
see "group headers show day and stage" "day 32 · 变现期"
see "status bar shows date, weekday and operator" "2026-03-04 Wed"
see "status bar shows the database" "x.db"
see "overall progress in the header" "done 0/"
screen >"$TEST_TMP/screen1.txt"
columns "$TEST_TMP/screen1.txt" >"$TEST_TMP/cols1.txt"

items=$(grep -c '^item' "$TEST_TMP/cols1.txt")
if [ "$items" -ge 8 ]; then ok "many item rows on screen ($items)"; else
	not_ok "many item rows on screen" "$(cat "$TEST_TMP/screen1.txt")"; fi
# The time column starts at the same display column on every item row.
if [ "$(awk '$1 == "item" {print $3}' "$TEST_TMP/cols1.txt" | sort -u | wc -l)" -eq 1 ]; then
	ok "time column aligned"; else
	not_ok "time column aligned" "$(cat "$TEST_TMP/cols1.txt")" "$(cat "$TEST_TMP/screen1.txt")"; fi
# Titles of different widths and Chinese/ASCII mixes, yet the category column lines up.
cats=$(awk '$1 == "item" && $4 >= 0 {print $4}' "$TEST_TMP/cols1.txt" | sort -u | wc -l)
titles=$(awk '$1 == "item" && $4 >= 0 {print $5}' "$TEST_TMP/cols1.txt" | sort -u | wc -l)
if [ "$cats" -eq 1 ] && [ "$titles" -ge 3 ]; then ok "category column aligned after CJK titles"
else not_ok "category column aligned after CJK titles" "$(cat "$TEST_TMP/cols1.txt")" \
	"$(cat "$TEST_TMP/screen1.txt")"; fi
if [ "$(awk '$1 == "header" {print $2}' "$TEST_TMP/cols1.txt" | sort -u | wc -l)" -eq 1 ] &&
	[ "$(grep -c '^header' "$TEST_TMP/cols1.txt")" -ge 2 ]; then
	ok "group progress column aligned"; else
	not_ok "group progress column aligned" "$(cat "$TEST_TMP/cols1.txt")"; fi

# The cursor starts on the first group's first item: 宝妈成长营 (pinyin order: bǎo before
# the Latin names), 08:30 早安问候.
keys Space
if wait_for "[x] 08:30  早安问候" && wait_for "ticked: 早安问候"; then ok "space ticks"; else
	not_ok "space ticks" "$(screen)"; fi
see "progress counts the tick" "done 1/"
if screen | grep -qE '\[x\] 08:30  早安问候 .* tester'; then ok "ticked row says who"; else
	not_ok "ticked row says who" "$(screen)"; fi
keys q
see "q quits with status 0" "__EXITED__ 0"
stop_tmux

$RUN today --json >"$TEST_TMP/today.json"
if python3 - "$TEST_TMP/today.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
g = [g for g in d["groups"] if g["name"] == "宝妈成长营"][0]
a = [a for a in g["actions"] if a["action"] == "morning"][0]
others = [a for g in d["groups"] for a in g["actions"] if a["ticked"]]
sys.exit(0 if a["ticked"] and a["ticked_by"] == "tester" and len(others) == 1 else 1)
EOF
then ok "sopdeck today --json agrees"; else not_ok "sopdeck today --json agrees" "$(cat "$TEST_TMP/today.json")"; fi

# ---- second run: still ticked; help; tabs; resize; detail and copy ----
tmux_start 80 24 "$RUN"
if wait_for "[x] 08:30  早安问候"; then ok "tick survives a restart"; else
	not_ok "tick survives a restart" "$(screen)"; fi

# Another operator ticks from the command line: the running console notices (data_version).
vip=$($RUN today --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print([a["id"] for g in d["groups"] if g["name"] == "VIP客服群" for a in g["actions"]
       if a["action"] == "knowledge"][0])')
check "another operator ticks $vip" $SOPDECK --db "$DB" --today $DAY --operator 阿杰 tick "$vip"
if wait_for "[x] 10:00  干货分享 Tips x3" && screen | grep -qE '\[x\] 10:00  干货分享 Tips x3 .*阿杰'; then
	ok "the console shows another operator's tick by itself"; else
	not_ok "the console shows another operator's tick by itself" "$(screen)"; fi
see "overall progress includes it" "done 2/"

keys '?'
see "? opens help with global keys" "Everywhere"
see "help lists the view's keys" "tick / untick"
see "help lists the copy key" "copy that text"
keys Escape
if wait_gone "Everywhere"; then ok "Esc closes help"; else not_ok "Esc closes help" "$(screen)"; fi

keys Tab
see "Tab goes to Calendar" "mix  促活型"
keys Tab
see "Tab again goes to Library" "Library 0 items"
keys BTab
see "Shift-Tab goes back" "mix  促活型"
keys 4
see "4 goes to KPI" "KPI dashboard"
keys 1
see "1 comes back to Today" "早安问候"

tmux_cmd resize-window -t t -x 60 -y 20
see "a small terminal gets a plain message" "terminal too small: need 80x24, have 60x20"
tmux_cmd resize-window -t t -x 100 -y 30
if wait_gone "terminal too small" && wait_for "早安问候"; then ok "content comes back when enlarged"
else not_ok "content comes back when enlarged" "$(screen)"; fi

# Enter on the ticked morning item: its template filled in.
keys Enter
expected="早上好，宝妈成长营的家人们！今天是3月4日 周三，群主小林祝大家元气满满。"
see "Enter shows the filled-in template" "早上好，宝妈成长营的家人们"
see "the template's {owner} is filled" "群主小林"
tmux_cmd pipe-pane -t t -o "cat >>'$TEST_TMP/pane.out'"
keys y
copied text "$expected" "$TEST_TMP/pane.out"
tmux_cmd pipe-pane -t t
keys Escape
if wait_gone "早上好，"; then ok "Esc closes the text"; else not_ok "Esc closes the text" "$(screen)"; fi

# The countdown item: {node} and {days} filled. Move there: count the items
# between the cursor (the first group's morning item) and the first countdown.
steps=$(screen | python3 -c '
import sys
rows = [l for l in sys.stdin.read().split("\n") if "[x]" in l or "[ ]" in l]
start = [i for i, l in enumerate(rows) if "早安问候" in l][0]
end = [i for i, l in enumerate(rows) if "会员日倒计时提醒" in l][0]
print(end - start)')
i=0
while [ "$i" -lt "$steps" ]; do keys j; i=$((i + 1)); done
keys Enter
see "a countdown shows node and days" "会员日倒计时 3 天！"
keys Escape
wait_gone "会员日倒计时 3 天！"
keys q
see "q quits the second run" "__EXITED__ 0"
stop_tmux

# ---- overdue: on an earlier day everything undone is late; on a later day nothing is ----
yesterday=$(python3 -c 'import datetime; print(datetime.date.today() - datetime.timedelta(days=1))')
tmux_start 80 24 "$SOPDECK --db $DB --today $yesterday --operator tester"
see "an earlier day marks undone items overdue" "! overdue"
if screen | grep -qE '^! +\[ \]'; then ok "overdue rows are marked with !"; else
	not_ok "overdue rows are marked with !" "$(screen)"; fi
keys q
see "q quits the past day" "__EXITED__ 0"
stop_tmux
tmux_start 80 24 "$SOPDECK --db $DB --today 2099-01-05 --operator tester"
if wait_for "早安问候" && wait_for "done 0/" && ! screen | grep -qF "overdue" &&
	! screen | grep -qE '^! '; then ok "a later day shows its checklist, nothing overdue"; else
	not_ok "a later day shows its checklist, nothing overdue" "$(screen)"; fi
keys q
see "q quits the later day" "__EXITED__ 0"
stop_tmux

# ---- NO_COLOR and an 8-colour terminal still start and show the checklist ----
tmux_start 80 24 "NO_COLOR=1 $RUN"
see "NO_COLOR: the checklist shows" "早安问候"
keys '?' G  # the colours are on the help's last line
see "NO_COLOR: help says colours are off" "Colours: none"
keys Escape
wait_gone "Colours: none"
keys q
see "NO_COLOR: quits" "__EXITED__ 0"
stop_tmux
tmux_start 80 24 "TERM=xterm $RUN"
see "8 colours: the checklist shows" "早安问候"
keys '?' G  # the colours are on the help's last line
see "8 colours: help says 8" "Colours: 8"
keys Escape
wait_gone "Colours: 8"
keys q
see "8 colours: quits" "__EXITED__ 0"
stop_tmux

# ---- a group name with control characters is shown escaped, never sent raw ----
printf '%s\n' '- name: "坏\e[31m群\tX"' '  platform: wecom' '  type: service' \
	'  created: 2026-01-01' '  owner: x' '  positioning: y' >"$TEST_TMP/hostile.yaml"
check "import a group with ESC in its name" \
	$SOPDECK --db "$TEST_TMP/hostile.db" --today $DAY import groups "$TEST_TMP/hostile.yaml"
tmux_start 80 24 "$SOPDECK --db $TEST_TMP/hostile.db --today $DAY --operator tester"
tmux_cmd pipe-pane -t t -o "cat >>'$TEST_TMP/hostile.out'"
see "ESC in a name shows as ^[" "坏^[[31m群 X"
keys C-l
end=$(($(date +%s) + 10))
while ! grep -qF "坏^[[31m群" "$TEST_TMP/hostile.out" 2>/dev/null && [ "$(date +%s)" -le "$end" ]; do
	sleep 0.05
done
contains "^L repaints the whole screen" "$TEST_TMP/hostile.out" "坏^[[31m群"
if grep -qF "$(printf '坏\033[31m群')" "$TEST_TMP/hostile.out"; then
	not_ok "the raw escape never reaches the terminal" "$(od -c "$TEST_TMP/hostile.out" | head)"
else ok "the raw escape never reaches the terminal"; fi
keys q
see "q quits the hostile run" "__EXITED__ 0"
stop_tmux

# ---- a metric below its threshold becomes a KPI advice item on the Today tab ----
KDB=$TEST_TMP/kpi.db
printf '%s\n' 'name,platform,type,created' '宝妈育儿交流群,wecom,segmented,2026-02-20' \
	>"$TEST_TMP/kpi-groups.csv"
# Activation stage (day 13 on 2026-03-04): 5 of 100 members spoke each day = 5% < 10%.
{
	echo '日期,群名,群成员数,发过消息的群成员数,推送触达数,打开数,退群成员数'
	for d in 25 26 27 28; do echo "2026-02-$d,宝妈育儿交流群,100,5,100,30,0"; done
	for d in 01 02 03; do echo "2026-03-$d,宝妈育儿交流群,100,5,100,30,0"; done
} >"$TEST_TMP/kpi-week.csv"
check "kpi: import the group" $SOPDECK --db "$KDB" --today $DAY import groups "$TEST_TMP/kpi-groups.csv"
check "kpi: import a week of counters" $SOPDECK --db "$KDB" --today $DAY import kpi "$TEST_TMP/kpi-week.csv"
tmux_start 80 24 "$SOPDECK --db $KDB --today $DAY --operator tester"
see "kpi advice: the item is on the checklist (name_en in English)" "KPI alert · speaker rate"
keys G Space
see "kpi advice: space ticks it" "[x]   —    KPI alert"
keys Enter
see "kpi advice: Enter shows the playbook's advice (advice_en)" "add interaction topics"
keys Escape q
see "kpi advice: quits" "__EXITED__ 0"
stop_tmux
$SOPDECK --db "$KDB" --today $DAY today --json >"$TEST_TMP/kpi-today.json"
if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
a = [a for g in d["groups"] for a in g["actions"] if a["kind"] == "kpi"]
assert len(a) == 1 and a[0]["metric"] == "speaker_rate" and a[0]["ticked_by"] == "tester", a
' "$TEST_TMP/kpi-today.json"; then ok "kpi advice: the tick is stored with the operator"
else not_ok "kpi advice: the tick is stored with the operator" "$(cat "$TEST_TMP/kpi-today.json")"; fi

# ---- the content scheduled for an action shows on its Today item, and ticking posts it ----
check "slot: schedule a topic for 08:30" $SOPDECK --db "$KDB" --today $DAY schedule \
	--group 宝妈育儿交流群 --date $DAY --slot 08:30 --topic "早安图：春季育儿小贴士"
tmux_start 80 24 "$SOPDECK --db $KDB --today $DAY --operator tester"
see "slot: the item names the scheduled content and its status" "morning greeting ▸ 早安图：春季"
see "...the status whole, the content's title cut before it" "…·planned"
keys g
wait_for "▸ 早安图"
keys Space
see "slot: ticking the action posts it" "▸ 早安图：春季育儿小…·posted"
keys Enter
see "slot: Enter shows the scheduled topic and status above the text" \
	"scheduled content: 早安图：春季育儿小贴士 · — · posted"
keys Escape q
see "slot: quits" "__EXITED__ 0"
stop_tmux
