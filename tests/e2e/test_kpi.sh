#!/bin/sh
# The KPI tab end to end in tmux at 80x24 on the demo workspace: the overview
# with Chinese group names aligned, a group panel with a sparkline and advice,
# the window switch, typing in a day's counters, versions, the content report,
# the ASCII fallback; the whole tab reads in English (SOPDECK_LANG=en, lib.sh's) and in
# Chinese (SOPDECK_LANG=zh) with no word of the other language in its chrome.
. "$(dirname "$0")/../lib.sh"

# --demo always opens $XDG_DATA_HOME/sopdeck/demo.db.
export XDG_DATA_HOME=$TEST_TMP/xdg
DB=$XDG_DATA_HOME/sopdeck/demo.db
RUN="$SOPDECK --db $DB --today 2026-03-04 --operator tester"

# aligned FILE: every overview row's stage, members and health columns start at
# the same display column (CJK = 2), whatever the width of the group's name
# (the age is "13d" in English, "13天" in Chinese).
aligned() {
	python3 - "$1" <<'EOF'
import re, sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
starts = set()
rows = 0
for line in open(sys.argv[1], encoding='utf-8'):
    m = re.search(r'(初建期|激活期|变现期|留存期|传播期|launch|activation|monetisation|retention|'
                  r'referral|[a-z]+…) ?\d+(天|d)', line)
    if not m:
        continue
    rows += 1
    h = re.search(r'[●▲✖—]\s*$', line)
    starts.add((width(line[:m.start()]), width(line[:h.start()]) if h else -1, width(line.rstrip())))
if rows < 6 or len(starts) != 1:
    print("rows", rows, "column starts", starts)
    sys.exit(1)
EOF
}

# one_language NAME LANG FILE...: the screens in FILE... have no word of the other
# language but the data's: in en no CJK run that is not a group, stage or playbook name
# (content titles, version notes and counter aliases skipped); in zh no Latin word but
# the keys, units, command words and counter keys. The status bar is left out.
one_language() {
	name=$1 lang=$2
	shift 2
	if python3 - "$lang" "$@" >"$TEST_TMP/lang.out" 2>&1 <<'PY'
import re, sys
lang, paths = sys.argv[1], sys.argv[2:]
data = set("""白领穿搭福利群 宝妈育儿交流3群 老客户售后服务群 母婴好物福利社 轻食减脂打卡营
新品体验官测试群 职场穿搭研究所 私域社群标准SOP""".split())
allowed = set("""sopdeck KPI Enter Esc SOP V c m w r s KOC vs standard community com members joined left speakers
messages invited profiles retained_week1 delivered opens participants buyers orders revenue
coupons_issued coupons_used active_week""".split())
bad = []
for path in paths:
    name = path.rsplit("/", 1)[1]
    for line in open(path, encoding="utf-8"):
        if "│ operator" in line or "操作员" in line or re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d  ", line):
            continue  # the status bar; a version's stamp and note
        if lang == "en":
            if re.match(r"\s*│\s+\d+\. ", line) or (name.startswith("form") and "[" in line):
                continue  # a ranked content title; a counter row (its alias is the playbook's)
            if name.startswith("content") and not re.search(r"[A-Za-z]", line):
                continue  # a title's second line
            for run in re.findall(r"[\u4e00-\u9fff\uff00-\uffef]+", line):
                if not any(run in d for d in data):
                    bad.append((name, run, line.rstrip()))
        else:
            for word in re.findall(r"[A-Za-z_][A-Za-z_0-9]*", line):
                if word not in allowed and not re.fullmatch(r"V?\d.*", word):
                    bad.append((name, word, line.rstrip()))
print("\n".join(map(str, bad)))
sys.exit(1 if bad else 0)
PY
	then ok "$name"; else not_ok "$name" "$(cat "$TEST_TMP/lang.out")"; fi
}

tmux_start 80 24 "XDG_DATA_HOME=$XDG_DATA_HOME $SOPDECK --demo --today 2026-03-04 --operator tester"
see "console starts" "Today 20"
keys 4
see "KPI tab shows the overview" "KPI dashboard · window 7 days · sort group ↑ · 7 groups"
see "overview lists a Chinese group" "职场穿搭研究所"
screen >"$TEST_TMP/overview.txt"
if aligned "$TEST_TMP/overview.txt" >"$TEST_TMP/align.out" 2>&1; then ok "overview columns aligned"
else not_ok "overview columns aligned" "$(cat "$TEST_TMP/align.out")" "$(cat "$TEST_TMP/overview.txt")"; fi
contains "column heads in English" "$TEST_TMP/overview.txt" "group          stage         members opens engage  conv. leaves contr.  health"
contains "stage age in English (the playbook's name_en)" "$TEST_TMP/overview.txt" "activation 13d"
contains "a stage name too long for 80 columns is cut, its day whole" "$TEST_TMP/overview.txt" "monetisat… 46d"
contains "trend arrows" "$TEST_TMP/overview.txt" "%↓"
contains "footer keys in English" "$TEST_TMP/overview.txt" "Enter panel · s sort · w window · m type in · V versions · c content · r reload"

# Sorted by name in pinyin (…, 轻食 qīng, 新品 xīn, 职场 zhí), 轻食减脂打卡营 (activation,
# day 13) is the third row from the end.
keys G k k Enter
see "group panel opens" "轻食减脂打卡营 · activation day 13 · 18 days until monetisation · members 166"
see "7-day window ends yesterday (today's export does not exist yet)" "window 7 days 2026-02-25..2026-03-03 · health ✖ bad"
see "panel column heads in English" "metric                 value  target status    last 30 days"
see "panel shows the speaker rate below threshold" "≥10%   warn"
see "the advice's heading" " advice"
see "advice for it (English: the playbook's advice_en)" "add interaction topics"
if screen | grep -q 'speaker rate.*[▁▂▃▄▅▆▇█]\{8,\}'; then ok "sparkline drawn"
else not_ok "sparkline drawn" "$(screen)"; fi
see "panel footer in English" "Esc back · w window · m type in · V versions · c content"
screen >"$TEST_TMP/shown-en.txt"
keys w
see "window switches to 30 days" "window 30 days"
see "the message says so" "window: 30 days"
keys w
see "window switches to the stage (activation began on day 7), up to yesterday" "window this stage 2026-02-27..2026-03-03"
keys w Escape
see "Esc returns to the overview" "KPI dashboard · window 7 days"

# 新品体验官测试群 (second to last in pinyin) has coupon redemption under 30%: its advice is shown
# whole, never ending in "…" (the playbook's names and advice carry no English gloss
# since issue 15, so it fits one line at 80 columns).
keys G k Enter
see "panel of the monetisation group" "新品体验官测试群 · monetisation day 31"
see "advice whole, in English (name_en: advice_en)" "• coupon redemption: shorter validity, expiry reminder"
screen >"$TEST_TMP/panel.txt"
lacks "advice not cut off" "$TEST_TMP/panel.txt" "expiry remi…"
if python3 - "$TEST_TMP/panel.txt" <<'EOF'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in 'WF' else 1 for c in s)
for line in open(sys.argv[1], encoding='utf-8'):
    assert width(line.rstrip('\n')) <= 80, line
EOF
then ok "no panel line wider than 80 columns"; else not_ok "no panel line wider than 80 columns" "$(cat "$TEST_TMP/panel.txt")"; fi
keys Escape

# s sorts by the next column: stage (age), so the 3-day-old launch group comes first.
keys s
see "sort by stage" "sort stage ↑"
if screen | sed -n 4p | grep -q "宝妈育儿交流3"; then ok "youngest group first"
else not_ok "youngest group first" "$(screen)"; fi

# Type yesterday's member count for the group under the cursor and save. The demo has a
# member count for that day already: the first digits typed replace it (99, not 8399).
before=$($RUN kpi --json --group 宝妈育儿交流3群 | python3 -c 'import json,sys; print(json.load(sys.stdin)["groups"][0]["members"])')
case $before in ''|None|99|99.0) not_ok "demo has a member count to replace ($before)";; *) ok "demo has a member count to replace";; esac
keys g m
see "entry form opens" "Type in 宝妈育儿交流3群"
see "form starts on yesterday" "date          ← 2026-03-03 →"
see "form footer in English" "digits · empty clears · ←→ day · Enter save · Esc cancel"
screen >"$TEST_TMP/form-en.txt"
# Today is allowed, tomorrow is not; nor the day before the group was created (03-02).
keys Right
see "today can be typed in" "← 2026-03-04 →"
keys Right
see "tomorrow refused" "2026-03-05 is in the future (today is 2026-03-04)"
see "date stays on today" "← 2026-03-04 →"
keys Left Left Left
see "before creation refused" "2026-03-01 is before 宝妈育儿交流3群 was created (2026-03-02)"
see "date stays on the creation day" "← 2026-03-02 →"
keys Right
see "back on yesterday" "← 2026-03-03 →"
# Typed numbers are never dropped unasked (issue 12): another day or Esc asks first.
keys 7 7 Left
see "changing the day with typed numbers asks" "discard changes? y/n"
keys n
see "n keeps the day" "← 2026-03-03 →"
see "n keeps the typed number" "[77        ]*"
keys Escape
see "Esc with typed numbers asks" "discard changes? y/n"
keys n
see "n keeps the form open" "Type in 宝妈育儿交流3群"
keys C-u 9 9 Enter
see "saved" "saved 1 counter for 宝妈育儿交流3群 on 2026-03-03"
if $RUN kpi --json --group 宝妈育儿交流3群 | grep -q '"members":99,'; then ok "typed value stored"
else not_ok "typed value stored"; fi

keys V
see "versions view" "open rate: "
see "versions title in English" "SOP version effects"
see "versions scope in English" "30 days after (all groups)"
screen >"$TEST_TMP/versions-en.txt"
# Import times in the workspace's zone, as `playbooks` prints them, not stored UTC stamps.
at=$("$SOPDECK" --db "$DB" playbooks | sed -n 's/^  v1\.1  \([0-9-]* [0-9:]*\)  .*/\1/p')
if [ -n "$at" ] && grep -qF "  $at  " "$TEST_TMP/versions-en.txt" &&
	! grep -qE '[0-9]T[0-9]{2}:[0-9]{2}:[0-9]{2}Z' "$TEST_TMP/versions-en.txt"; then
	ok "versions: import time in the workspace's zone ($at)"
else not_ok "versions: import time in the workspace's zone ($at)" "$(cat "$TEST_TMP/versions-en.txt")"; fi
keys Escape c
see "content report says whose figures they are" "ranked by its group's open rate"
# The demo calendar has posted slots before today: they are ranked with their numbers.
see "content report ranks the demo's posted content" " 1. "
see "ranked rows show the group-day rates under their column heads" "open rate speaker rate"
screen >"$TEST_TMP/content-en.txt"
keys Escape q
stop_tmux
# No Chinese word of the tab's own in English (group, stage, playbook and content names
# are data).
one_language "en: no Chinese in the tab's own words" en "$TEST_TMP"/overview.txt \
	"$TEST_TMP"/shown-en.txt "$TEST_TMP"/form-en.txt "$TEST_TMP"/versions-en.txt \
	"$TEST_TMP"/content-en.txt

# ASCII fallback when colours and fancy glyphs are turned off.
tmux_start 80 24 "NO_COLOR=1 $RUN"
see "console starts without colour" "Today 20"
keys 4 G k k Enter
see "panel in ASCII mode" "轻食减脂打卡营"
if screen | grep -q 'speaker rate.*[_.=+*#@-]\{8,\}' && ! screen | grep -q '[▁▂▃▄▅▆▇█]'; then
	ok "ASCII sparkline"
else not_ok "ASCII sparkline" "$(screen)"; fi
keys q
stop_tmux

# The same tab in Chinese at 80x24: every word of its own is Chinese (keys, units,
# playbook metric names and the English-only command words aside).
tmux_start 80 24 "SOPDECK_LANG=zh XDG_DATA_HOME=$XDG_DATA_HOME $RUN"
see "zh: console starts" "今日清单"
keys 4
see "zh: overview header" "数据看板 KPI · 窗口 7 天 · 排序 群名 ↑ · 7 个群"
see "zh: overview column heads" "群名             阶段          成员 打开率 参与率 转化率 退群率   贡献  健康"
see "zh: overview footer" "Enter 详情 · s 排序 · w 窗口 · m 录入 · V 版本 · c 内容效果 · r 刷新"
screen >"$TEST_TMP/overview-zh.txt"
if aligned "$TEST_TMP/overview-zh.txt" >"$TEST_TMP/align.out" 2>&1; then ok "zh: overview columns aligned"
else not_ok "zh: overview columns aligned" "$(cat "$TEST_TMP/align.out")" "$(cat "$TEST_TMP/overview-zh.txt")"; fi
contains "zh: stage age in days" "$TEST_TMP/overview-zh.txt" "激活期 13天"
keys G k k Enter
see "zh: panel header" "轻食减脂打卡营 · 激活期 第13天 · 18 天后进入变现期 · 成员 166"
see "zh: panel window and health" "窗口 7 天 2026-02-25..2026-03-03 · 健康 ✖ 较差"
see "zh: panel column heads" "指标                      值  阈值   状态      近30天"
see "zh: a status word" "≥10%   预警"
see "zh: advice heading and advice in Chinese" "• 用户发言率：增加互动话题"
see "zh: panel footer" "Esc 返回 · w 窗口 · m 录入 · V 版本 · c 内容效果"
screen >"$TEST_TMP/shown-zh.txt"
keys w
see "zh: window message" "窗口：30 天"
keys w
see "zh: the stage window" "窗口 本阶段 2026-02-27..2026-03-03"
keys w m
see "zh: entry form" "录入 轻食减脂打卡营"
see "zh: the date row" "日期          ← 2026-03-03 →"
see "zh: form footer" "数字输入 · 空=清除 · ←→ 换日期 · Enter 保存 · Esc 取消"
screen >"$TEST_TMP/form-zh.txt"
keys Escape
see "zh: entry cancelled" "已取消录入"
keys V
see "zh: versions title" "SOP 版本效果"
see "zh: versions scope" "导入后 30 天（本群）"
screen >"$TEST_TMP/versions-zh.txt"
keys Escape c
see "zh: content report" "内容效果报表"
see "zh: content rows under their column heads" "群打开率 群发言率"
screen >"$TEST_TMP/content-zh.txt"
keys Escape Escape q
stop_tmux
# Latin words left in Chinese mode are only the keys, the units and commands' names.
one_language "zh: no English in the tab's own words" zh "$TEST_TMP"/overview-zh.txt \
	"$TEST_TMP"/shown-zh.txt "$TEST_TMP"/form-zh.txt "$TEST_TMP"/versions-zh.txt \
	"$TEST_TMP"/content-zh.txt

# One truth (issue 12): for every group of the demo, the panel lists exactly the metrics
# `kpi --json` says it shows ("shown"), in the same order; at 160 columns names are whole.
tmux_start 160 50 "SOPDECK_LANG=zh XDG_DATA_HOME=$XDG_DATA_HOME $RUN"
see "console starts wide" "今日清单"
$RUN kpi --json >"$TEST_TMP/demo-kpi.json"
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["groups"]))' "$TEST_TMP/demo-kpi.json")
keys 4
wait_for "数据看板 KPI" >/dev/null
i=0
while [ "$i" -lt "$n" ]; do
	keys g
	j=0
	while [ "$j" -lt "$i" ]; do keys j; j=$((j + 1)); done
	keys Enter
	wait_for "窗口 7 天 2026-" >/dev/null
	screen >"$TEST_TMP/panel-$i.txt"
	keys Escape
	wait_gone "窗口 7 天 2026-" >/dev/null
	i=$((i + 1))
done
if python3 - "$TEST_TMP/demo-kpi.json" "$n" "$TEST_TMP"/panel-*.txt >"$TEST_TMP/same.out" 2>&1 <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
want = {g["name"]: [g["metrics"][k]["name"] for k in g["shown"]] for g in d["groups"]}
got = {}
for path in sys.argv[3:]:
    lines = open(path, encoding="utf-8").read().split("\n")
    name = rows = None
    for i, line in enumerate(lines):
        m = re.match(r"^ (\S.*?) · .* 第\d+天", line)
        if m and name is None:
            name = m.group(1)
        if line.strip().startswith("指标") and rows is None:
            rows = []
            for row in lines[i + 1:]:
                if not row.strip():
                    break
                rows.append(re.split(r"\s{2,}", row.strip())[0])
    assert name and rows is not None, "no panel in " + path
    got[name] = rows
assert len(got) == int(sys.argv[2]) == len(want), (sorted(got), sorted(want))
for g in want:
    assert got[g] == want[g], (g, got[g], want[g])
print("groups", len(got))
PY
then ok "every demo group's panel lists what kpi --json shows"
else not_ok "every demo group's panel lists what kpi --json shows" "$(cat "$TEST_TMP/same.out")" "$(cat "$TEST_TMP/panel-0.txt")"; fi
keys q
stop_tmux

# Two business lines: the fitness group's panel has its own playbook's metrics, thresholds
# and advice, and says which playbook; the other group's panel is the built-in's.
pdb="$TEST_TMP/two.db"
P="$SOPDECK --db $pdb --today 2026-03-04 --operator tester"
$P init >/dev/null 2>&1
builtin=$($P playbooks --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print((d["playbooks"] if isinstance(d,dict) else d)[0]["name"])')
$P import playbook "$FIXTURES/fitness-playbook.yaml" >/dev/null && $P playbook default "$builtin" >/dev/null
printf '日期,群名,群成员数,推送触达数,打开数\n2026-03-02,健身一群,100,100,30\n2026-03-03,健身一群,100,100,30\n2026-03-02,宝妈一群,100,100,30\n2026-03-03,宝妈一群,100,100,30\n' >"$TEST_TMP/k2.csv"
$P import groups "$FIXTURES/fitness-groups.csv" >/dev/null && $P import kpi "$TEST_TMP/k2.csv" >/dev/null
tmux_start 80 24 "SOPDECK_LANG=zh $P"
see "console on two playbooks" "今日清单"
keys 4
see "overview" "数据看板 KPI"
keys g
# Groups by name: 健身一群 sorts before 宝妈一群 by bytes; find it either way.
if screen | sed -n 4p | grep -q 健身一群; then keys Enter; else keys j Enter; fi
see "fitness panel" "健身一群 · 坚持期"
see "says its playbook" "健身SOP"
see "its own metric" "打卡率"
see "its own threshold: 30% open warns under 60%" "≥60%"
see "its own advice" "换个时间推送"
# Its entry form has its own playbook's counters.
keys m
see "entry form of the fitness group" "录入 健身一群"
see "with its own counter" "checkins"
keys Escape
wait_gone "录入 健身一群" >/dev/null
keys Escape
wait_gone "健身一群 · 坚持期" >/dev/null
keys g
if screen | sed -n 4p | grep -q 宝妈一群; then keys Enter; else keys j Enter; fi
see "built-in panel" "宝妈一群 · 激活期"
screen >"$TEST_TMP/baby.txt"
lacks "no fitness metric on the built-in group" "$TEST_TMP/baby.txt" "打卡率"
contains "the built-in threshold" "$TEST_TMP/baby.txt" "≥20%"
keys q
stop_tmux

# ---- the console's content report at a larger scale: the best 50 and every item to retire ----
# 4 groups x 30 days, one item posted a group-day, each group-day its own open rate: 120
# ranked items, the bottom fifth (24) to retire; the 50 best and those 24 are listed, the
# 46 between counted, and `kpi --content --days 30` still lists all 120.
M=$TEST_TMP/many.db
RM="$SOPDECK --db $M --today 2026-03-04"
python3 - "$TEST_TMP" <<'PY'
import datetime, sys
tmp = sys.argv[1]
with open(tmp + "/g4.csv", "w", encoding="utf-8") as f:
    f.write("name,platform,type,created\n")
    for g in range(4):
        f.write("效果群%d,wecom,promotion,2025-01-01\n" % g)
with open(tmp + "/items.csv", "w", encoding="utf-8") as f:
    f.write("标题,分类,日期\n")
    for i in range(120):
        f.write("效果测试第%03d条,促活型,2026-02-01\n" % i)
with open(tmp + "/k.csv", "w", encoding="utf-8") as f:
    f.write("日期,群名,推送触达数,打开数,群成员数,发过消息的群成员数\n")
    for g in range(4):
        for d in range(30):
            day = datetime.date(2026, 2, 3) + datetime.timedelta(days=d)
            f.write("%s,效果群%d,1000,%d,100,5\n" % (day, g, 100 + g * 30 + d))
PY
$RM import groups "$TEST_TMP/g4.csv" >/dev/null
$RM import content "$TEST_TMP/items.csv" >/dev/null
$RM import kpi "$TEST_TMP/k.csv" >/dev/null
python3 - "$M" <<'PY'
import datetime, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
groups = {r[1]: r[0] for r in c.execute("SELECT id, name FROM chat_group")}
items = [r[0] for r in c.execute("SELECT id FROM content WHERE title LIKE '效果测试%' ORDER BY title")]
for g in range(4):
    for d in range(30):
        day = datetime.date(2026, 2, 3) + datetime.timedelta(days=d)
        c.execute("INSERT INTO slot (group_id, day, at, content_id, status, updated_at, updated_by) "
                  "VALUES (?, ?, '20:00', ?, 'posted', 'now', 'tester')",
                  (groups["效果群%d" % g], str(day), items[g * 30 + d]))
c.commit()
PY
n=$($RM kpi --content --days 30 --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["content"]))')
[ "$n" = 120 ] && ok "kpi --content --days 30 lists all 120" || not_ok "kpi --content --days 30 lists all 120" "$n"
tmux_start 80 24 "$RM"
wait_for "Today" 20
keys 4
see "KPI tab on the 120-item workspace" "KPI dashboard"
keys c
see "the report starts with the best" " 1. 效果测试第119条"
keys PgDn PgDn PgDn PgDn PgDn
see "the 46 between the best 50 and those to retire are counted" "… 46 more"
keys G
see "the last item to retire is listed" "120. 效果测试第000条"
keys Escape q
see "quits after the 120-item report" "__EXITED__ 0"
