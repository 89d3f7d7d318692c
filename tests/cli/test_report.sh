#!/bin/sh
# Review reports: a week of a small playbook with known due items, ticks by two operators,
# posted slots of known categories and feedback; the Markdown and JSON figures are compared
# with the counts worked out by hand below; --group, --mine, --day; usage errors.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/report.db
RUN="$SOPDECK --db $DB"
check "import the e2e playbook" $RUN import playbook "$FIXTURES/e2e-playbook.yaml"
check "import groups" $RUN import groups "$FIXTURES/groups.yaml"
check "import content" $RUN import content "$FIXTURES/content.csv"
# 宝妈育儿交流群 (1, 林小雨) and 职场穿搭研究所 (2, 苏苏) both exist all of 2026-W10 (03-02..03-08).
# Due per group: 4 daily actions x 7 + topic (Mon, Wed, Fri) 3 + the 会员日 countdown on 03-04
# = 32, so 64 in all. With today 03-06, the days 03-02..03-05 can be missed: 4x4 + 2 + 1 = 19
# per group.
check "tick 1 03-02" $RUN --today 2026-03-02 --operator 林小雨 tick 1:morning
check "tick 1 03-03" $RUN --today 2026-03-03 --operator 林小雨 tick 1:morning
check "tick 1 03-04 morning" $RUN --today 2026-03-04 --operator 林小雨 tick 1:morning
check "tick 1 03-04 perk by 苏苏" $RUN --today 2026-03-04 --operator 苏苏 tick 1:perk
check "tick 2 03-05" $RUN --today 2026-03-05 --operator 苏苏 tick 2:check
# Posted: content 1 (促活型) on 03-03 and content 2 (转化型) on 03-04; a planned one does not count.
check "posted slot 1" $RUN --today 2026-03-06 schedule --group 宝妈育儿交流群 --date 2026-03-03 \
	--slot 08:30 --content 1 --status posted
check "posted slot 2" $RUN --today 2026-03-06 schedule --group 职场穿搭研究所 --date 2026-03-04 \
	--slot 20:00 --content 2 --status posted
check "planned slot" $RUN --today 2026-03-06 schedule --group 职场穿搭研究所 --date 2026-03-05 \
	--slot 20:00 --content 1
check "feedback 1" $RUN --today 2026-03-06 feedback add --group 宝妈育儿交流群 --quadrant 公开建议 \
	--text "希望多发辅食食谱"
check "feedback 2" $RUN --today 2026-03-06 feedback add --group 职场穿搭研究所 --quadrant 私聊吐槽 \
	--text "推送太频繁"
check "close feedback 2" $RUN --today 2026-03-06 feedback close 2 --note "改为每天两条"

# The report in Chinese (the default language; the suites run in English).
R="$RUN --today 2026-03-06 --lang zh report"
check "weekly report (Markdown)" $R --week 2026-W10
cp "$TEST_TMP/last.out" "$TEST_TMP/week.md"
contains "title" "$TEST_TMP/week.md" "# 周报 2026-W10（3月2日（周一） — 3月8日（周日））"
contains "totals" "$TEST_TMP/week.md" "应做 **64**，已做 **5**，漏做 **33**"
contains "per operator 林小雨" "$TEST_TMP/week.md" "林小雨：应做 32，已做 4，漏做 15，完成率 12.5%，打卡 3 次"
contains "per operator 苏苏" "$TEST_TMP/week.md" "苏苏：应做 32，已做 1，漏做 18，完成率 3.1%，打卡 2 次"
contains "per group" "$TEST_TMP/week.md" "宝妈育儿交流群（林小雨）：应做 32，已做 4，漏做 15"
contains "content posted" "$TEST_TMP/week.md" "共发布 **2** 条"
contains "category mix against target" "$TEST_TMP/week.md" "促活型 1 条：50% / 50%"
contains "under-target category" "$TEST_TMP/week.md" "品牌型 0 条：0% / 20%（低于目标 20 个百分点）"
contains "feedback by quadrant" "$TEST_TMP/week.md" "公开建议 1（未处理 1），私聊吐槽 1（未处理 0）"
contains "open feedback listed" "$TEST_TMP/week.md" "希望多发辅食食谱"
lacks "closed feedback not listed" "$TEST_TMP/week.md" "推送太频繁"
lacks "no table syntax (WeCom has none)" "$TEST_TMP/week.md" "|---"

# The same report in English: its words, the data (names, categories) as stored.
check "weekly report in English" $RUN --today 2026-03-06 --lang en report --week 2026-W10
cp "$TEST_TMP/last.out" "$TEST_TMP/week-en.md"
contains "en: title" "$TEST_TMP/week-en.md" "# Weekly report 2026-W10 (3/2 (Mon) — 3/8 (Sun))"
contains "en: totals" "$TEST_TMP/week-en.md" "due **64**, done **5**, missed **33**, done rate **7.8%**"
contains "en: per operator" "$TEST_TMP/week-en.md" "林小雨: due 32, done 4, missed 15, done rate 12.5%, 3 ticks"
contains "en: under-target category" "$TEST_TMP/week-en.md" \
	"品牌型 0 posts: 0% / 20% (20 points below target)"
contains "en: feedback by quadrant" "$TEST_TMP/week-en.md" "public 1 (open 1), private 1 (open 0)"
lacks "en: no Chinese heading" "$TEST_TMP/week-en.md" "执行 SOP"

check "weekly report (JSON)" $R --week 2026-W10 --format json
python3 - "$TEST_TMP/last.out" <<'PY' && ok "JSON figures" || not_ok "JSON figures" "$(cat "$TEST_TMP/last.out")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert d["kind"] == "week" and d["from"] == "2026-03-02" and d["to"] == "2026-03-08"
assert d["actions"] == {"due": 64, "done": 5, "missed": 33}, d["actions"]
g = {x["name"]: x for x in d["groups"]}
assert (g["职场穿搭研究所"]["due"], g["职场穿搭研究所"]["done"], g["职场穿搭研究所"]["missed"]) == (32, 1, 18)
o = {x["name"]: x for x in d["operators"]}
assert o["苏苏"]["ticks"] == 2 and o["林小雨"]["ticks"] == 3
c = {x["key"]: x["posted"] for x in d["content"]["categories"]}
assert d["content"]["posted"] == 2 and c["engage"] == 1 and c["convert"] == 1 and c["brand"] == 0
assert d["feedback"]["public"] == {"open": 1, "total": 1} and len(d["feedback"]["open_items"]) == 1
PY

check "--group" $R --week 2026-W10 --group 宝妈育儿交流群 --format json
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['actions']=={'due':32,'done':4,'missed':15}, d['actions']; assert d['content']['posted']==1; assert d['feedback']['private']['total']==0" "$TEST_TMP/last.out" &&
	ok "--group narrows every section" || not_ok "--group narrows every section" "$(cat "$TEST_TMP/last.out")"
check "--mine" $RUN --today 2026-03-06 --operator 苏苏 report --week 2026-W10 --mine --format json
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert [g['name'] for g in d['groups']]==['职场穿搭研究所']" "$TEST_TMP/last.out" &&
	ok "--mine keeps the operator's groups" || not_ok "--mine keeps the operator's groups" "$(cat "$TEST_TMP/last.out")"
check "day report" $R --day 2026-03-04
contains "收工报告 of the day" "$TEST_TMP/last.out" "# 收工报告 2026-03-04（3月4日（周三））"
# 03-04: 4 daily + topic + countdown = 6 per group; G1 did morning and perk.
contains "day totals" "$TEST_TMP/last.out" "应做 **12**，已做 **2**，漏做 **10**"
check "month report" $R --month 2026-03
contains "月度复盘" "$TEST_TMP/last.out" "# 月度复盘 2026-03（3月1日（周日） — 3月31日（周二））"
expect_status "bad week" 2 $R --week 2026-W60
expect_status "two periods" 2 $R --week 2026-W10 --day 2026-03-04
expect_status "bad format" 2 $R --week 2026-W10 --format pdf
expect_status "unknown group" 1 $R --week 2026-W10 --group 没有的群

# A version of the period with its measured effect, in Markdown and in JSON alike: the default
# playbook, opens 20% of deliveries before 03-10 and 30% from then, a new version on 03-10.
DB2=$TEST_TMP/report-versions.db
RV="$SOPDECK --db $DB2 --today 2026-03-20"
check "versions: import groups" $RV import groups "$FIXTURES/groups.yaml"
python3 - "$TEST_TMP/rv.csv" <<'PY'
import datetime, sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("日期,群名,推送触达数,打开数\n")
    for i in range(19):
        d = datetime.date(2026, 3, 1) + datetime.timedelta(days=i)
        f.write(f"{d},宝妈育儿交流群,1000,{200 if d < datetime.date(2026, 3, 10) else 300}\n")
PY
check "versions: import kpi" $RV import kpi "$TEST_TMP/rv.csv"
sed 's/^version: .*/version: "9.1"/; s/^note: .*/note: 测试版本/' "$ASSETS/playbook.yaml" >"$TEST_TMP/pb91.yaml"
check "versions: a new version on 03-10" env SOPDECK_NOW=2026-03-10T02:00:00Z \
	$RV import playbook "$TEST_TMP/pb91.yaml"
check "versions: Markdown" $RV --lang zh report --week 2026-W11
contains "versions: Markdown states the effect" "$TEST_TMP/last.out" "测试版本；前后 30 天：内容打开率 +50%"
check "versions: JSON" $RV report --week 2026-W11 --format json
python3 - "$TEST_TMP/last.out" <<'PY' && ok "versions: JSON carries the effect" ||
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
v = [x for x in d["versions"] if x["version"] == "9.1"]
assert len(v) == 1 and v[0]["day"] == "2026-03-10", d["versions"]
m = v[0]["metrics"]["open_rate"]
assert m["unit"] == "percent" and abs(m["before"] - 20) < 1e-9 and abs(m["after"] - 30) < 1e-9, m
assert abs(m["change_percent"] - 50) < 1e-9, m
PY
	not_ok "versions: JSON carries the effect" "$(head -c 2000 "$TEST_TMP/last.out")"
