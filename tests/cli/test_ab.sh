#!/bin/sh
# A/B tests on the command line: new (copy and time), list and show in text and JSON with
# the figures of a generated KPI export with a known effect (significant) and one with none
# (not significant, how many group-days more), stop, adopt (a new playbook version whose note
# states the effect), usage errors.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/ab.db
RUN="$SOPDECK --db $DB --today 2026-03-20"
check "import groups" $RUN import groups "$FIXTURES/groups.yaml"
G1=宝妈育儿交流群 G2=职场穿搭研究所
# 14 days from 03-01: both groups deliver 1000 a day; perks copy B lifts opens from 20% to 25%;
# the morning time test (from 03-01 too, in G2 only) has no real effect.
python3 - "$TEST_TMP/kpi.csv" <<'PY'
import datetime, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("日期,群名,推送触达数,打开数\n")
    for i in range(19):
        d = datetime.date(2026, 3, 1) + datetime.timedelta(days=i)
        f.write(f"{d},宝妈育儿交流群,1000,{200 if i % 2 == 0 else 250}\n")
        f.write(f"{d},职场穿搭研究所,1000,{200 if i % 2 == 0 else 250}\n")
PY
check "import kpi" $RUN import kpi "$TEST_TMP/kpi.csv"
check "new copy test" $RUN --operator alice ab new 福利话术 --action perks --metric open_rate \
	--copy "专属宠粉福利" "限时福利" --groups "$G1,$G2" --from 2026-03-01 --days 14
contains "says when A and B run" "$TEST_TMP/last.out" "A on 2026-03-01"
expect_status "an overlapping test is refused" 1 $RUN ab new 又一个 --action perks --metric open_rate \
	--copy x y --from 2026-03-05
contains "names the other test" "$TEST_TMP/last.err" "福利话术"
expect_status "a non-proportion metric is refused" 1 $RUN ab new m --action perks \
	--metric avg_messages --copy x y
# The Chinese message names the unknown action and metric, not the playbook's version.
expect_status "an unknown action is refused" 1 $RUN --lang zh ab new u --action nosuch \
	--metric open_rate --copy x y
contains "the message names the unknown action" "$TEST_TMP/last.err" "没有动作 'nosuch'"
expect_status "an unknown metric is refused" 1 $RUN --lang zh ab new u --action perks \
	--metric nosuch --copy x y
contains "the message names the unknown metric" "$TEST_TMP/last.err" "没有指标 'nosuch'"
expect_status "--copy needs two values" 2 $RUN ab new z --action perks --metric open_rate --copy x
expect_status "unknown subcommand option" 2 $RUN ab --bogus

$RUN ab show 福利话术 >"$TEST_TMP/show.txt"
contains "arm A figures" "$TEST_TMP/show.txt" "20.0%"
contains "arm B figures" "$TEST_TMP/show.txt" "25.0%"
contains "B wins, significant" "$TEST_TMP/show.txt" "B wins: B−A +5.0 points, significant"
contains "show: the header in English" "$TEST_TMP/show.txt" "A/B test 福利话术"
contains "show: the metric's name_en in English" "$TEST_TMP/show.txt" "metric: open rate"
SOPDECK_LANG=zh $RUN ab show 福利话术 >"$TEST_TMP/show-zh.txt"
contains "show: the header in Chinese" "$TEST_TMP/show-zh.txt" "A/B 测试 福利话术"
contains "show: the metric's name in Chinese" "$TEST_TMP/show-zh.txt" "指标：内容打开率"
contains "B wins, in Chinese" "$TEST_TMP/show-zh.txt" "B 胜出：B−A +5.0 个百分点，显著"
$RUN ab show 福利话术 --json >"$TEST_TMP/show.json"
python3 - "$TEST_TMP/show.json" <<'PY' && ok "show --json: sums per arm, difference, z, winner" || not_ok "show --json: sums per arm, difference, z, winner" "$(cat "$TEST_TMP/show.json")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
a, b = d["arms"]
assert (a["group_days"], a["numerator"], a["denominator"]) == (14, 2800, 14000), a
assert (b["group_days"], b["numerator"], b["denominator"]) == (14, 3500, 14000), b
assert abs(d["difference"] - 5.0) < 1e-9 and d["significant"] and d["winner"] == "B"
assert d["z"] > 1.96 and d["status"] == "finished" and d["kind"] == "copy"
assert a["copy"] == "专属宠粉福利" and sorted(d["groups"]) == sorted(["宝妈育儿交流群", "职场穿搭研究所"])
PY

# A two-day time test in one group: one group-day per arm; the verdict follows z.
check "new time test" $RUN ab new 早安时段 --action morning --metric open_rate --times 08:30 09:00 \
	--groups "$G2" --from 2026-03-02 --days 2
$RUN ab show 早安时段 --json >"$TEST_TMP/t.json"
python3 - "$TEST_TMP/t.json" <<'PY' && ok "two group-days: not significant, says how many more" || not_ok "two group-days: not significant, says how many more" "$(cat "$TEST_TMP/t.json")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["kind"] == "time" and d["arms"][0]["time"] == "08:30"
assert d["arms"][0]["group_days"] == 1 and d["arms"][1]["group_days"] == 1
assert d["significant"] == (abs(d["z"]) >= 1.96)
PY

$RUN ab >"$TEST_TMP/list.txt"
contains "list shows both tests" "$TEST_TMP/list.txt" "早安时段"
$RUN ab --json | python3 -c "import json,sys; d=json.load(sys.stdin); assert len(d)==2" &&
	ok "list --json has both" || not_ok "list --json has both"

check "stop" $RUN ab stop 早安时段
expect_status "stop again fails" 1 $RUN ab stop 早安时段
check "adopt B" $RUN --operator alice ab adopt 福利话术 B
contains "note states the effect" "$TEST_TMP/last.out" "+5.0 个百分点"
$RUN kpi --versions >"$TEST_TMP/versions.txt"
contains "the new version is listed with its note" "$TEST_TMP/versions.txt" "话术测试"
expect_status "adopt twice fails" 1 $RUN ab adopt 福利话术 A
expect_status "adopt C is a usage error" 2 $RUN ab adopt 福利话术 C
$RUN log --kind ab >"$TEST_TMP/log.txt"
contains "adopt is audited" "$TEST_TMP/log.txt" "ab adopt 福利话术 B"

# ---- the arms in the checklist: copy and time alternate by day, in the test's groups only ----
DB2=$TEST_TMP/ab2.db
R2="$SOPDECK --db $DB2"
check "groups for the checklist" $R2 import groups "$FIXTURES/groups.yaml"
check "a copy test from 03-10" $R2 --today 2026-03-10 ab new 福利文案 --action perks \
	--metric open_rate --copy "🔥专属宠粉福利，今晚 8 点开抢" "⏰限时福利，24 点截止" \
	--groups "$G2" --from 2026-03-10 --days 4
check "a time test from 03-10" $R2 --today 2026-03-10 ab new 早安时间 --action morning \
	--metric open_rate --times 08:30 09:15 --groups "$G2" --from 2026-03-10 --days 4
for d in 10 11 12 13 14; do
	$R2 --today 2026-03-$d today --json >"$TEST_TMP/today-$d.json"
done
python3 - "$TEST_TMP" "$G1" "$G2" <<'PY' && ok "today: arm A, B, A, B, then none; text and time follow; other groups untouched" || not_ok "today: arm A, B, A, B, then none; text and time follow; other groups untouched" "$(cat "$TEST_TMP/today-10.json" | head -c 2000)"
import json, sys
tmp, g1, g2 = sys.argv[1:]
def items(day, group):
    d = json.load(open(f"{tmp}/today-{day}.json", encoding="utf-8"))
    g = next(x for x in d["groups"] if x["name"] == group)
    return {a["action"]: a for a in g["actions"]}
copy = {"A": "🔥专属宠粉福利，今晚 8 点开抢", "B": "⏰限时福利，24 点截止"}
time = {"A": "08:30", "B": "09:15"}
for day, arm in zip([10, 11, 12, 13], "ABAB"):
    it = items(day, g2)
    assert it["perks"]["ab"] == {"test": "福利文案", "arm": arm}, (day, it["perks"])
    assert it["perks"]["text"] == copy[arm], (day, it["perks"]["text"])
    assert it["morning"]["ab"]["arm"] == arm and it["morning"]["time"] == time[arm], (day, it["morning"])
    other = items(day, g1)
    assert other["perks"]["ab"] is None and other["perks"]["text"] not in copy.values()
    assert other["morning"]["time"] == "08:30"
it = items(14, g2)
assert it["perks"]["ab"] is None and it["morning"]["time"] == "08:30"
# The moved item is ordered by its new time: 09:15 after a 09:00 item, if any, and before 10:00.
d = json.load(open(f"{tmp}/today-11.json", encoding="utf-8"))
g = next(x for x in d["groups"] if x["name"] == g2)
times = [a["time"] for a in g["actions"] if a["time"]]
assert times == sorted(times), times
PY
$R2 --today 2026-03-11 today --group "$G2" >"$TEST_TMP/today-text.txt"
contains "the text view marks the arm" "$TEST_TMP/today-text.txt" "[A/B 福利文案 B]"

# ---- the arms in the calendar: the tested action's cells say the day's arm, time and copy ----
$R2 --today 2026-03-10 calendar --week 2026-W11 --json >"$TEST_TMP/cal.json"
python3 - "$TEST_TMP/cal.json" "$G1" "$G2" <<'PY' && ok "calendar: the tested cells carry the day's arm, others none" || not_ok "calendar: the tested cells carry the day's arm, others none" "$(head -c 2000 "$TEST_TMP/cal.json")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
g1, g2 = sys.argv[2:]
cells = {g["name"]: g["cells"] for g in d["groups"]}
def cell(group, date, action):
    return next(c for c in cells[group] if c["date"] == date and c["action"] == action)
for date, arm in zip(["2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"], "ABAB"):
    p = cell(g2, date, "perks")["ab"]
    assert p["test"] == "福利文案" and p["arm"] == arm and p["time"] is None, (date, p)
    assert p["copy"] == {"A": "🔥专属宠粉福利，今晚 8 点开抢", "B": "⏰限时福利，24 点截止"}[arm]
    m = cell(g2, date, "morning")["ab"]
    assert m["arm"] == arm and m["time"] == {"A": "08:30", "B": "09:15"}[arm] and m["copy"] is None, m
    assert cell(g1, date, "perks")["ab"] is None
assert cell(g2, "2026-03-09", "perks")["ab"] is None and cell(g2, "2026-03-14", "perks")["ab"] is None
PY

# ---- a copy is posted as a template would be: placeholders filled, never raw ----
# (issue 12: an operator must never copy a raw {placeholder} to customers)
check "a copy with placeholders" $R2 --today 2026-03-20 ab new 早安文案 --action morning \
	--metric open_rate --copy "早安{group}，{date}{weekday}" "{owner|群主}祝{group}早安" \
	--groups "$G1" --from 2026-03-20 --days 4
$R2 --today 2026-03-20 today --json >"$TEST_TMP/ph-a.json"
$R2 --today 2026-03-21 today --json >"$TEST_TMP/ph-b.json"
python3 - "$TEST_TMP" "$G1" <<'PY' && ok "the day's copy is filled in (A and B)" || not_ok "the day's copy is filled in (A and B)" "$(head -c 1500 "$TEST_TMP/ph-a.json")"
import json, sys
tmp, g1 = sys.argv[1:]
def text(f):
    d = json.load(open(f"{tmp}/{f}", encoding="utf-8"))
    g = next(x for x in d["groups"] if x["name"] == g1)
    return next(a["text"] for a in g["actions"] if a["action"] == "morning")
assert text("ph-a.json") == f"早安{g1}，3月20日周五", text("ph-a.json")
assert text("ph-b.json") == f"林小雨祝{g1}早安", text("ph-b.json")
PY
expect_status "a copy whose placeholder is empty for the action is refused" 1 $R2 --today 2026-03-20 \
	ab new 节点文案 --action perks --metric open_rate --copy "{node}福利" "限时福利" --groups "$G1" \
	--from 2026-03-25 --days 4
contains "the refusal names the placeholder and the arm" "$TEST_TMP/last.err" "{node}"
expect_status "an unknown placeholder is refused" 1 $R2 --today 2026-03-20 ab new 未知 \
	--action perks --metric open_rate --copy "福利{bogus}" "限时福利" --groups "$G1" \
	--from 2026-03-25 --days 4
contains "the refusal names the unknown placeholder" "$TEST_TMP/last.err" "bogus"
