#!/bin/sh
# sopdeck import kpi / kpi --json / export kpi: a WeCom export with Chinese headers (UTF-8
# with BOM, CRLF, "1,000"), a shop export converted to GBK here, values checked by hand.
. "$(dirname "$0")/../lib.sh"

check "import groups" "$SOPDECK" import groups "$FIXTURES/kpi-groups.csv"
check "import WeCom export (BOM, CRLF, quoted thousands)" "$SOPDECK" import kpi "$FIXTURES/kpi-wecom.csv"
contains "reports the encoding" "$TEST_TMP/last.out" "UTF-8 (BOM)"
contains "reports rows" "$TEST_TMP/last.out" "imported 5 group-days"

iconv -f UTF-8 -t GB18030 "$FIXTURES/kpi-shop.utf8.csv" >"$TEST_TMP/shop-gbk.csv"
check "import shop export in GBK" "$SOPDECK" import kpi "$TEST_TMP/shop-gbk.csv"
contains "read as GB18030" "$TEST_TMP/last.out" "GB18030"

# Importing the same file again replaces the days: nothing doubles.
check "re-import" "$SOPDECK" import kpi "$FIXTURES/kpi-wecom.csv"

check "kpi --json" "$SOPDECK" kpi --json --days 7
cp "$TEST_TMP/last.out" "$TEST_TMP/kpi.json"

# Hand-computed over 2026-02-25 .. 2026-03-03 (the 7 days before today, 2026-03-04):
# 宝妈育儿交流群 open rate = (100+300+100)/(1000+1000+2000) = 12.5% (the mean of the daily
# ratios 10%, 30%, 5% would be 15%); speaker rate = (50+150+100)/(1000+1015+1030);
# leave rate = 15/3045. 职场穿搭研究所: open rate 120/400 (the 0/0 day adds nothing);
# conversion = (6+10)/(400+401); aov = (1200.50+2000)/(8+12); no UGC data → null.
if python3 - "$TEST_TMP/kpi.json" >"$TEST_TMP/py.out" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["from"] == "2026-02-25" and d["to"] == "2026-03-03", d["from"]  # 7 days ending yesterday
g = {x["name"]: x for x in d["groups"]}
a, b = g["宝妈育儿交流群"], g["职场穿搭研究所"]
def near(x, y):
    assert x is not None and abs(x - y) < 1e-6, (x, y)
m = a["metrics"]
near(m["open_rate"]["value"], 12.5)
assert abs(m["open_rate"]["value"] - 15.0) > 1
assert m["open_rate"]["status"] == "warn" and m["open_rate"]["warn_below"] == 20
assert m["open_rate"]["unit"] == "percent" and m["open_rate"]["display"] == "12.5%"
near(m["speaker_rate"]["value"], 300 / 3045 * 100)
assert m["speaker_rate"]["status"] == "warn"
near(m["leave_rate"]["value"], 15 / 3045 * 100)
assert m["leave_rate"]["status"] == "ok" and m["leave_rate"]["warn_above"] == 5
assert m["leave_rate"]["warn_below"] is None
assert m["open_rate"]["threshold"] == "≥20%" and m["leave_rate"]["threshold"] == "≤5%", m["open_rate"]
assert all("threshold" in x for x in m.values())
assert m["contribution"]["value"] is None and m["contribution"]["status"] == "no_data"
assert m["open_rate"]["trend"] == "none"
assert a["stage"] == "activation" and a["day"] == 13 and a["days_to_next_stage"] == 18
assert a["members"] == 1030
assert a["health"] == "bad"
assert {x["metric"] for x in a["advice"]} == {"open_rate", "speaker_rate"}
n = b["metrics"]
near(n["open_rate"]["value"], 30)
near(n["conversion"]["value"], 16 / 801 * 100)
assert n["conversion"]["status"] == "warn"
near(n["aov"]["value"], 3200.5 / 20)
assert n["aov"]["unit"] == "currency"
assert n["contribution"]["value"] is None
assert b["stage"] == "retention" and b["members"] == 401
print("json ok")
EOF
then ok "kpi --json values match hand-computed ratios of sums"; else
	not_ok "kpi --json values match hand-computed ratios of sums" "$(cat "$TEST_TMP/py.out")"
fi

check "kpi --group" "$SOPDECK" kpi --group 职场穿搭研究所 --json
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [g["name"] for g in d["groups"]]==["职场穿搭研究所"]' "$TEST_TMP/last.out"; then
	ok "--group limits to one group"; else not_ok "--group limits to one group"; fi
expect_status "unknown group" 1 "$SOPDECK" kpi --group 不存在
expect_status "bad --days" 2 "$SOPDECK" kpi --days 0

check "kpi text" "$SOPDECK" kpi
contains "text shows the stage (English: the playbook's name_en)" "$TEST_TMP/last.out" "activation day 13"
contains "text shows advice (advice_en in English)" "$TEST_TMP/last.out" "change push time and titles"
SOPDECK_LANG=zh "$SOPDECK" kpi >"$TEST_TMP/kpi-zh.out" 2>&1
contains "text shows advice (the playbook's Chinese in Chinese)" "$TEST_TMP/kpi-zh.out" "调整推送时间与标题"
contains "text shows 12.5%" "$TEST_TMP/last.out" "12.5%"

# A file with an unknown group and a bad number: refused whole, with line numbers.
"$SOPDECK" kpi --json >"$TEST_TMP/before.json"
expect_status "bad file refused" 1 "$SOPDECK" import kpi "$FIXTURES/kpi-bad.csv"
contains "unknown group with its line" "$TEST_TMP/last.err" "kpi-bad.csv:3: unknown group '不存在的群'"
contains "bad number with its line" "$TEST_TMP/last.err" "kpi-bad.csv:4: column '群成员数': 'abc' is not a number"
# An unquoted thousands separator splits a number into two fields: refused, never cut to 1.
printf '日期,群名,群成员数\n2026-03-01,宝妈育儿交流群,1,000\n' >"$TEST_TMP/unquoted.csv"
expect_status "an unquoted 1,000 is a bad row" 1 "$SOPDECK" import kpi "$TEST_TMP/unquoted.csv"
contains "...named with its line" "$TEST_TMP/last.err" "unquoted.csv:2: 4 fields, but the header has 3"
"$SOPDECK" kpi --json >"$TEST_TMP/after.json"
if cmp -s "$TEST_TMP/before.json" "$TEST_TMP/after.json"; then ok "refused import changed nothing"
else not_ok "refused import changed nothing"; fi

expect_status "--partial imports the good rows" 0 "$SOPDECK" import kpi --partial "$FIXTURES/kpi-bad.csv"
contains "--partial reports skipped rows" "$TEST_TMP/last.err" "kpi-bad.csv:3: unknown group"
contains "--partial counts" "$TEST_TMP/last.out" "skipped 2 bad rows"
check "kpi after partial" "$SOPDECK" kpi --json --group 职场穿搭研究所
contains "partial row stored" "$TEST_TMP/last.out" '"members":500'
expect_status "--partial only for kpi" 2 "$SOPDECK" import groups --partial "$FIXTURES/kpi-groups.csv"

check "export kpi csv" "$SOPDECK" export kpi --format csv
contains "csv header" "$TEST_TMP/last.out" "group,stage,day,from,to,metric,name,value,unit,threshold,status,trend"
contains "csv row" "$TEST_TMP/last.out" '宝妈育儿交流群,activation,13,2026-02-25,2026-03-03,open_rate'
check "export kpi md" "$SOPDECK" export kpi --format md
contains "md row (English: name_en)" "$TEST_TMP/last.out" "| 宝妈育儿交流群 | activation | 13 | open rate | 12.5% | ≥20% | warn |"
check "export kpi md in Chinese" "$SOPDECK" --lang zh export kpi --format md
contains "zh md header" "$TEST_TMP/last.out" "| 群名 | 阶段 | 天数 | 指标 | 数值 | 预警线 | 状态 | 趋势 |"
contains "zh md row" "$TEST_TMP/last.out" "| 宝妈育儿交流群 | 激活期 | 13 | 内容打开率 | 12.5% | ≥20% | 预警 |"

check "kpi --versions" "$SOPDECK" kpi --versions
contains "versions list the built-in version" "$TEST_TMP/last.out" "V1.0"
# The import time in the workspace's zone, as `playbooks` shows it, not the stored UTC stamp.
at=$("$SOPDECK" playbooks | sed -n 's/^  v1\.0  \([0-9-]* [0-9:]*\)  .*/\1/p')
contains "versions: the import time as playbooks shows it ($at)" "$TEST_TMP/last.out" "V1.0  $at"
lacks "versions: no stored UTC stamp" "$TEST_TMP/last.out" "Z  "
check "kpi --content before the calendar" "$SOPDECK" kpi --content
contains "no posted content" "$TEST_TMP/last.out" "no posted content yet"

# --json prints one JSON document for --versions and --content too.
check "kpi --versions --json" "$SOPDECK" kpi --versions --json
if python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["versions"][0]["version"]=="1.0", d; assert "open_rate" in d["versions"][0]["metrics"]' <"$TEST_TMP/last.out"; then
	ok "--versions --json parses"; else not_ok "--versions --json parses" "$(head -c 500 "$TEST_TMP/last.out")"; fi
check "kpi --content --json" "$SOPDECK" kpi --content --json
if python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["content"]==[] and d["from"]=="2026-02-26" and d["days"]==7, d' <"$TEST_TMP/last.out"; then
	ok "--content --json parses"; else not_ok "--content --json parses" "$(head -c 500 "$TEST_TMP/last.out")"; fi

# All groups: a group/day counts only when that group has every counter of the formula.
# The version's day is when the database was created (the real clock); the day before it
# 宝妈育儿交流群 has 50 opens of 100, 职场穿搭研究所 100 deliveries and no opens: 50%, not
# 50/200 = 25%. Its own database, so the March fixtures are not in the window.
vdb="$TEST_TMP/versions.db"
SOPDECK_DB="$vdb" "$SOPDECK" import groups "$FIXTURES/kpi-groups.csv" >/dev/null
SOPDECK_DB="$vdb" "$SOPDECK" kpi --versions --json >"$TEST_TMP/v0.json"
python3 - "$TEST_TMP/v0.json" >"$TEST_TMP/v.csv" <<'PY'
import json, sys, datetime
d = json.load(open(sys.argv[1]))
day = datetime.date.fromisoformat(d["versions"][0]["imported_at"][:10])
y = day - datetime.timedelta(days=1)
print("日期,群名,推送触达数,打开数")
print(f"{y},宝妈育儿交流群,100,50")
print(f"{y},职场穿搭研究所,100,")
PY
# (Today's real date for the import: a day after --today would be refused as the future.)
check "import one day, one group without opens" env SOPDECK_DB="$vdb" SOPDECK_TODAY= "$SOPDECK" import kpi "$TEST_TMP/v.csv"
check "versions over all groups" env SOPDECK_DB="$vdb" "$SOPDECK" kpi --versions --json
if python3 -c 'import json,sys; m=json.load(sys.stdin)["versions"][0]["metrics"]["open_rate"]; assert abs(m["before"]-50)<1e-9, m' <"$TEST_TMP/last.out"; then
	ok "all groups: 50% (the group without opens left out), not 25%"; else
	not_ok "all groups: 50% (the group without opens left out), not 25%" "$(head -c 800 "$TEST_TMP/last.out")"; fi
check "versions of one group" env SOPDECK_DB="$vdb" "$SOPDECK" kpi --versions --json --group 宝妈育儿交流群
if python3 -c 'import json,sys; d=json.load(sys.stdin); m=d["versions"][0]["metrics"]["open_rate"]; assert d["group"]=="宝妈育儿交流群" and abs(m["before"]-50)<1e-9, m' <"$TEST_TMP/last.out"; then
	ok "--group: 50%"; else not_ok "--group: 50%" "$(head -c 800 "$TEST_TMP/last.out")"; fi
check "versions of the group without opens" env SOPDECK_DB="$vdb" "$SOPDECK" kpi --versions --json --group 职场穿搭研究所
if python3 -c 'import json,sys; m=json.load(sys.stdin)["versions"][0]["metrics"]["open_rate"]; assert m["before"] is None, m' <"$TEST_TMP/last.out"; then
	ok "--group without opens: null"; else not_ok "--group without opens: null" "$(head -c 800 "$TEST_TMP/last.out")"; fi

# A WeCom export as saved on Chinese Windows (GBK): a title line above the header, columns
# the playbook does not know, a percent column, ￥ amounts and a 合计 totals row. Imported
# with notes on stderr rather than refused; the columns left out are named.
tdb="$TEST_TMP/title.db"
SOPDECK_DB="$tdb" "$SOPDECK" import groups "$FIXTURES/kpi-groups.csv" >/dev/null
iconv -f UTF-8 -t GBK "$FIXTURES/kpi-wecom-title.utf8.csv" >"$TEST_TMP/wecom-title.csv"
expect_status "title line and totals row: imported" 0 env SOPDECK_DB="$tdb" "$SOPDECK" import kpi "$TEST_TMP/wecom-title.csv"
contains "two group-days, GBK" "$TEST_TMP/last.out" "imported 2 group-days (8 values, 1 group)"
contains "read as GB18030" "$TEST_TMP/last.out" "(GB18030)"
contains "unknown columns named" "$TEST_TMP/last.err" "note: $TEST_TMP/wecom-title.csv: ignored columns: 群成员数(人), 打开次数"
contains "percent columns named" "$TEST_TMP/last.err" "note: $TEST_TMP/wecom-title.csv: percent columns not imported: 消息打开率"
env SOPDECK_DB="$tdb" "$SOPDECK" --lang zh import kpi "$TEST_TMP/wecom-title.csv" >/dev/null 2>"$TEST_TMP/zh.err"
contains "...in Chinese mode: ignored columns in Chinese" "$TEST_TMP/zh.err" "提示：$TEST_TMP/wecom-title.csv：未导入的列（不是计数项）：群成员数(人)，打开次数"
contains "...percent columns in Chinese" "$TEST_TMP/zh.err" "提示：$TEST_TMP/wecom-title.csv：未导入的百分比列：消息打开率"
if grep -q "[a-z][a-z]* columns" "$TEST_TMP/zh.err"; then not_ok "...no English words" "$(cat "$TEST_TMP/zh.err")"; else ok "...no English words"; fi
contains "title line noted" "$TEST_TMP/last.err" "note: $TEST_TMP/wecom-title.csv:1: line above the header skipped: '客户群统计（2026-03-01 至 2026-03-02）'"
contains "totals row noted" "$TEST_TMP/last.err" "note: $TEST_TMP/wecom-title.csv:5: totals row skipped"
# Open rate (120+20)/(400+200) = 23.3%; the totals row would have doubled both sums.
check "kpi after the WeCom import" env SOPDECK_DB="$tdb" "$SOPDECK" kpi --json --group 职场穿搭研究所
if python3 -c 'import json,sys; m=json.load(sys.stdin)["groups"][0]["metrics"]["open_rate"]; assert abs(m["value"]-140/600*100)<1e-6, m' <"$TEST_TMP/last.out"; then
	ok "open rate 140/600 without the totals row"; else not_ok "open rate 140/600 without the totals row" "$(head -c 800 "$TEST_TMP/last.out")"; fi
# The ￥ amounts are read back through aov = revenue / orders: add 10 orders a day from a
# second file, then (12345.50 + 100) / 20 = 622.275.
printf '日期,群名,订单数\n2026-03-01,职场穿搭研究所,10\n2026-03-02,职场穿搭研究所,10\n' >"$TEST_TMP/orders.csv"
check "orders for aov" env SOPDECK_DB="$tdb" "$SOPDECK" import kpi "$TEST_TMP/orders.csv"
check "aov" env SOPDECK_DB="$tdb" "$SOPDECK" kpi --json --group 职场穿搭研究所
if python3 -c 'import json,sys; m=json.load(sys.stdin)["groups"][0]["metrics"]["aov"]; assert abs(m["value"]-12445.5/20)<1e-6, m' <"$TEST_TMP/last.out"; then
	ok "￥ amounts parsed: aov 12445.50/20"; else not_ok "￥ amounts parsed: aov 12445.50/20" "$(head -c 800 "$TEST_TMP/last.out")"; fi

# A quoted title line holding a newline above the header: noted on one line, no crash.
printf '"客户群统计\n2026-03"\n日期,群名,打开数\n2026-03-01,职场穿搭研究所,5\n' >"$TEST_TMP/title-nl.csv"
check "a title line with a newline in quotes" env SOPDECK_DB="$tdb" "$SOPDECK" import kpi "$TEST_TMP/title-nl.csv"
contains "its note is one line" "$TEST_TMP/last.out" "title-nl.csv:1: line above the header skipped: '客户群统计 2026-03'"

# Two business lines (issue 11): each group's metrics, thresholds, stages and advice are
# its own playbook's, in kpi text, --json, export and --versions; what a group shows
# ("shown") is its stage's metrics plus the PDCA ones its playbook defines (issue 12).
pdb="$TEST_TMP/two.db"
builtin=$(SOPDECK_DB="$pdb" "$SOPDECK" playbooks --json | python3 -c 'import json,sys; d=json.load(sys.stdin); print((d["playbooks"] if isinstance(d,dict) else d)[0]["name"])')
check "second playbook imported" env SOPDECK_DB="$pdb" "$SOPDECK" import playbook "$FIXTURES/fitness-playbook.yaml"
check "the built-in stays the default" env SOPDECK_DB="$pdb" "$SOPDECK" playbook default "$builtin"
check "groups on two playbooks" env SOPDECK_DB="$pdb" "$SOPDECK" import groups "$FIXTURES/fitness-groups.csv"
# The same numbers for both groups: 30% open, 20% speak.
{
	echo '日期,群名,群成员数,发过消息的群成员数,推送触达数,打开数'
	for d in 25 26 27 28; do for g in 健身一群 宝妈一群; do echo "2026-02-$d,$g,100,20,100,30"; done; done
	for d in 01 02 03; do for g in 健身一群 宝妈一群; do echo "2026-03-$d,$g,100,20,100,30"; done; done
} >"$TEST_TMP/two-kpi.csv"
check "counters for both" env SOPDECK_DB="$pdb" "$SOPDECK" import kpi "$TEST_TMP/two-kpi.csv"
check "kpi --json, two playbooks" env SOPDECK_DB="$pdb" "$SOPDECK" kpi --json
if python3 - "$TEST_TMP/last.out" >"$TEST_TMP/py.out" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
g = {x["name"]: x for x in d["groups"]}
fit, baby = g["健身一群"], g["宝妈一群"]
assert fit["playbook"] == "健身SOP" and baby["playbook"] != "健身SOP", (fit["playbook"], baby["playbook"])
assert list(fit["metrics"]) == ["checkin_rate", "open_rate", "speaker_rate"], list(fit["metrics"])
assert "checkin_rate" not in baby["metrics"] and "conversion" in baby["metrics"]
assert fit["stage"] == "keep" and baby["stage"] == "activation", (fit["stage"], baby["stage"])
assert fit["shown"] == ["checkin_rate", "open_rate", "speaker_rate"], fit["shown"]
assert baby["shown"] == ["speaker_rate", "participation", "open_rate", "conversion", "leave_rate", "contribution"], baby["shown"]
for x in (fit, baby):
    assert [k for k, m in x["metrics"].items() if m["shown"]] == x["shown"], x["name"]
    # Advice only ever for a metric shown.
    assert all(a["metric"] in x["shown"] for a in x["advice"]), x["advice"]
fo, bo = fit["metrics"]["open_rate"], baby["metrics"]["open_rate"]
assert abs(fo["value"] - 30) < 1e-9 and abs(bo["value"] - 30) < 1e-9
assert fo["warn_below"] == 60 and fo["status"] == "warn", fo
assert bo["warn_below"] == 20 and bo["status"] == "ok", bo
assert fit["metrics"]["checkin_rate"]["status"] == "no_data"
assert [a["metric"] for a in fit["advice"]] == ["open_rate", "speaker_rate"], fit["advice"]
assert fit["advice"][0]["advice"] == "换个时间推送"
assert baby["advice"] == [], baby["advice"]
assert fit["health"] == "bad" and baby["health"] == "good", (fit["health"], baby["health"])
PY
then ok "each group's metrics, thresholds, shown list and advice from its own playbook"
else not_ok "each group's metrics, thresholds, shown list and advice from its own playbook" "$(cat "$TEST_TMP/py.out")"; fi
check "kpi text, two playbooks" env SOPDECK_DB="$pdb" "$SOPDECK" kpi --group 健身一群
contains "fitness group: its own threshold" "$TEST_TMP/last.out" "≥60%"
contains "fitness group: its own advice" "$TEST_TMP/last.out" "换个时间推送"
contains "fitness group: its own stage" "$TEST_TMP/last.out" "坚持期"
check "kpi text, both groups" env SOPDECK_DB="$pdb" "$SOPDECK" kpi
contains "each group says its playbook" "$TEST_TMP/last.out" "playbook 健身SOP"
check "export kpi, two playbooks" env SOPDECK_DB="$pdb" "$SOPDECK" export kpi --format csv
if python3 - "$TEST_TMP/last.out" >"$TEST_TMP/py.out" 2>&1 <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
by = {}
for r in rows:
    by.setdefault(r["group"], []).append(r["metric"])
assert by["健身一群"] == ["checkin_rate", "open_rate", "speaker_rate"], by
assert by["宝妈一群"] == ["speaker_rate", "participation", "open_rate", "conversion", "leave_rate", "contribution"], by
PY
then ok "export kpi: each group's shown metrics"
else not_ok "export kpi: each group's shown metrics" "$(cat "$TEST_TMP/py.out")"; fi
check "kpi --versions of the fitness group" env SOPDECK_DB="$pdb" "$SOPDECK" kpi --versions --json --group 健身一群
if python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["playbook"]=="健身SOP", d["playbook"]; assert len(d["versions"])==1 and list(d["versions"][0]["metrics"])==["checkin_rate","open_rate","speaker_rate"], d' <"$TEST_TMP/last.out" 2>"$TEST_TMP/py.out"; then
	ok "versions: the group's own playbook's"; else not_ok "versions: the group's own playbook's" "$(cat "$TEST_TMP/py.out")"; fi

# A rate over 100% (wrong counters) is never ok: warn, and the advice says to check them.
# A row contradicting itself is refused; a later file with the opens alone gets in.
printf '日期,群名,打开数\n2026-03-03,宝妈一群,900\n' >"$TEST_TMP/bad.csv"
check "impossible counters imported" env SOPDECK_DB="$pdb" "$SOPDECK" import kpi "$TEST_TMP/bad.csv"
check "kpi --json with a rate over 100%" env SOPDECK_DB="$pdb" "$SOPDECK" kpi --json --days 1 --group 宝妈一群
if python3 -c 'import json,sys; g=json.load(sys.stdin)["groups"][0]; m=g["metrics"]["open_rate"]; assert m["value"]>100 and m["status"]=="warn", m; a=[x for x in g["advice"] if x["metric"]=="open_rate"]; assert a and "check the counters" in a[0]["advice"], g["advice"]' <"$TEST_TMP/last.out" 2>"$TEST_TMP/py.out"; then
	ok "a rate over 100% warns and asks to check the counters"; else not_ok "a rate over 100% warns and asks to check the counters" "$(cat "$TEST_TMP/py.out")"; fi

# A counter only one line defines (issue 11): 打卡人数 (checkins) is the fitness playbook's,
# 新增群成员数 (joined) the default's. One file carries both; each row is read by its group's
# own playbook, a blank cell of the other line's counter is no value.
printf '日期,群名,群成员数,打卡人数,新增群成员数\n2026-03-03,健身一群,100,45,\n2026-03-03,宝妈一群,100,,6\n' \
	>"$TEST_TMP/lines.csv"
check "import: each row by its group's playbook" env SOPDECK_DB="$pdb" "$SOPDECK" import kpi "$TEST_TMP/lines.csv"
contains "...both groups' days written" "$TEST_TMP/last.out" "imported 2 group-days (4 values, 2 groups)"
if grep -q "ignored columns" "$TEST_TMP/last.out"; then
	not_ok "...no column ignored" "$(cat "$TEST_TMP/last.out")"; else ok "...no column ignored"; fi
check "kpi --json after the import" env SOPDECK_DB="$pdb" "$SOPDECK" kpi --json --days 1
if python3 -c 'import json,sys; g={x["name"]: x for x in json.load(sys.stdin)["groups"]}; m=g["健身一群"]["metrics"]["checkin_rate"]; assert abs(m["value"]-45)<1e-9, m' \
	<"$TEST_TMP/last.out" 2>"$TEST_TMP/py.out"; then
	ok "the imported check-ins are the fitness group's check-in rate"
else not_ok "the imported check-ins are the fitness group's check-in rate" "$(cat "$TEST_TMP/py.out")"; fi
# A value for a counter the group's playbook lacks names the line and the column; nothing is
# written, the good row included; --partial writes the good row and names the bad one.
printf '日期,群名,群成员数,打卡人数\n2026-03-02,健身一群,120,60\n2026-03-02,宝妈一群,110,9\n' \
	>"$TEST_TMP/lines-bad.csv"
SOPDECK_DB="$pdb" "$SOPDECK" kpi --json --days 1 --group 健身一群 >"$TEST_TMP/before.json"
expect_status "import: the other line's counter refused" 1 env SOPDECK_DB="$pdb" "$SOPDECK" import kpi "$TEST_TMP/lines-bad.csv"
contains "...naming line and column" "$TEST_TMP/last.err" \
	"lines-bad.csv:3: column '打卡人数': group '宝妈一群' runs on playbook '$builtin', which has no such counter"
contains "...nothing imported" "$TEST_TMP/last.err" "1 bad row, nothing imported"
SOPDECK_DB="$pdb" "$SOPDECK" kpi --json --days 1 --group 健身一群 >"$TEST_TMP/after.json"
if cmp -s "$TEST_TMP/before.json" "$TEST_TMP/after.json"; then ok "...the good row not written either"
else not_ok "...the good row not written either" "$(diff "$TEST_TMP/before.json" "$TEST_TMP/after.json")"; fi
check "import --partial" env SOPDECK_DB="$pdb" "$SOPDECK" import kpi --partial "$TEST_TMP/lines-bad.csv"
contains "...writes the good row" "$TEST_TMP/last.out" "imported 1 group-day (2 values, 1 group)"
contains "...and names the bad one" "$TEST_TMP/last.out" "skipped $TEST_TMP/lines-bad.csv:3: column '打卡人数'"
check "export kpi after --partial" env SOPDECK_DB="$pdb" "$SOPDECK" kpi --json --days 2 --group 健身一群
if python3 -c 'import json,sys; m=json.load(sys.stdin)["groups"][0]["metrics"]["checkin_rate"]; assert abs(m["value"]-(60+45)/(120+100)*100)<1e-6, m' \
	<"$TEST_TMP/last.out" 2>"$TEST_TMP/py.out"; then
	ok "...its check-ins counted"
else not_ok "...its check-ins counted" "$(cat "$TEST_TMP/py.out")"; fi
# A column no playbook knows is named in the notes, not imported.
printf '日期,群名,群成员数,打卡次数\n2026-03-02,健身一群,120,3\n' >"$TEST_TMP/lines-unknown.csv"
check "import with a column no playbook knows" env SOPDECK_DB="$pdb" "$SOPDECK" import kpi "$TEST_TMP/lines-unknown.csv"
contains "...named as ignored" "$TEST_TMP/last.out" "ignored columns: 打卡次数"

# kpi --content prints each line as the model hands it out: the first run computes and keeps
# the performance, the second only reads it back, line for line the same, numbered 1..N in
# the order of --json's positions; a report that cannot be read prints nothing on stdout
# (the header waits for the first line), in text and in JSON.
cdb="$TEST_TMP/content-report.db"
SOPDECK_DB="$cdb" "$SOPDECK" import groups "$FIXTURES/kpi-groups.csv" >/dev/null
SOPDECK_DB="$cdb" "$SOPDECK" import kpi "$FIXTURES/kpi-wecom.csv" >/dev/null
SOPDECK_DB="$cdb" "$SOPDECK" import content "$FIXTURES/content.csv" >/dev/null
for id in 1 2 3; do
	SOPDECK_DB="$cdb" "$SOPDECK" schedule --group 宝妈育儿交流群 --date 2026-03-0$id \
		--slot 08:30 --content $id --status posted >/dev/null
done
check "kpi --content, computed and kept" env SOPDECK_DB="$cdb" "$SOPDECK" kpi --content --days 30
cp "$TEST_TMP/last.out" "$TEST_TMP/content-first.out"
check "kpi --content, read back kept" env SOPDECK_DB="$cdb" "$SOPDECK" kpi --content --days 30
if cmp -s "$TEST_TMP/content-first.out" "$TEST_TMP/last.out"; then ok "...the same lines"
else not_ok "...the same lines" "$(diff "$TEST_TMP/content-first.out" "$TEST_TMP/last.out")"; fi
if [ "$(grep -cE '^  [123]\. ' "$TEST_TMP/last.out")" = 3 ] &&
	[ "$(sed -n 3p "$TEST_TMP/last.out" | cut -c1-5)" = "  1. " ]; then ok "...three lines numbered from 1"
else not_ok "...three lines numbered from 1" "$(cat "$TEST_TMP/last.out")"; fi
lacks "...not 'no posted content'" "$TEST_TMP/last.out" "no posted content yet"
check "kpi --content --json, kept" env SOPDECK_DB="$cdb" "$SOPDECK" kpi --content --days 30 --json
if python3 - "$TEST_TMP/last.out" "$TEST_TMP/content-first.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lines = [l for l in open(sys.argv[2]) if l[:5] in ("  1. ", "  2. ", "  3. ")]
assert [c["position"] for c in d["content"]] == [1, 2, 3], d
for c, l in zip(d["content"], lines):
    assert l[5:].startswith(c["title"]), (c["title"], l)
PY
then ok "...positions 1..3 and the text's titles in its order"
else not_ok "...positions 1..3 and the text's titles in its order" "$(head -c 800 "$TEST_TMP/last.out")"; fi
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("DROP TABLE content_perf"); c.commit()' "$cdb"
for json in "" --json; do
	expect_status "kpi --content $json: the kept report unreadable" 1 env SOPDECK_DB="$cdb" "$SOPDECK" kpi --content --days 30 $json
	if [ -s "$TEST_TMP/last.out" ]; then not_ok "...nothing on stdout ($json)" "$(head -c 300 "$TEST_TMP/last.out")"
	else ok "...nothing on stdout ($json)"; fi
	contains "...the error on stderr ($json)" "$TEST_TMP/last.err" "content_perf"
done
