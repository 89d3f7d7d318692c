#!/bin/sh
# Feedback in four quadrants on the command line: add (Chinese or English quadrant
# names), the per-group counts and the list (open first), filters, close with a note and
# the answering version, JSON read back, silent leavers from a WeCom export (GBK too,
# all or nothing, idempotent), usage errors.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/fb.db
RUN="$SOPDECK --db $DB --today 2026-03-04"
check "import groups" $RUN import groups "$FIXTURES/groups.yaml"
G1=宝妈育儿交流群
check "add public" $RUN --operator alice feedback add --group $G1 --quadrant 公开建议 \
	--text "希望多发辅食食谱" --member 小美
check "add private (English key)" $RUN feedback add --group $G1 --quadrant private \
	--text "推送太频繁了" --date 2026-03-02
check "add active" $RUN feedback add --group 职场穿搭研究所 --quadrant 积极互动 --text "晒单3次"

$RUN --lang zh feedback >"$TEST_TMP/list.txt"
contains "counts header names the quadrants" "$TEST_TMP/list.txt" "公开建议"
contains "zh: the counts' heading" "$TEST_TMP/list.txt" "反馈四象限 (未处理/全部)"
$RUN --lang en feedback >"$TEST_TMP/list-en.txt"
contains "en: the counts header names the quadrants by key" "$TEST_TMP/list-en.txt" \
	"Group                public     private    silent     active"
lacks "en: no Chinese quadrant name" "$TEST_TMP/list-en.txt" "公开建议"
contains "per-group counts open/total" "$TEST_TMP/list.txt" "1/1"
contains "entry with member" "$TEST_TMP/list.txt" "希望多发辅食食谱 (小美)"
# Alignment: the counts rows put their first cell at the same display column.
python3 - "$TEST_TMP/list.txt" <<'PY' && ok "count columns align with Chinese names" || not_ok "count columns align with Chinese names" "$(cat "$TEST_TMP/list.txt")"
import sys, unicodedata
def width(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
import re
rows = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8")]
data = [r for r in rows if re.search(r" \d+/\d+ ", r)]
cols = {width(r[: re.search(r"\d+/\d+", r).start()]) for r in data}
sys.exit(0 if len(data) >= 2 and len(cols) == 1 else 1)
PY

expect_status "close needs a note" 2 $RUN feedback close 1
expect_status "close unknown version fails" 1 $RUN feedback close 1 --note x --version 9.9
check "close #1 with version" $RUN --operator bob feedback close 1 --note "周三加辅食栏目" --version 1.0
expect_status "close again fails" 1 $RUN feedback close 1 --note again
contains "says who closed it" "$TEST_TMP/last.err" "already closed by bob"

$RUN feedback --open >"$TEST_TMP/open.txt"
lacks "--open hides closed" "$TEST_TMP/open.txt" "希望多发辅食食谱"
contains "--open keeps open" "$TEST_TMP/open.txt" "推送太频繁了"
$RUN feedback --quadrant 积极 >"$TEST_TMP/q.txt"
lacks "--quadrant filters" "$TEST_TMP/q.txt" "推送太频繁了"
contains "--quadrant keeps its own" "$TEST_TMP/q.txt" "晒单3次"

$RUN feedback --json >"$TEST_TMP/fb.json"
python3 - "$TEST_TMP/fb.json" <<'PY' && ok "JSON: items open first, counts, closed fields" || not_ok "JSON: items open first, counts, closed fields" "$(cat "$TEST_TMP/fb.json")"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
items = d["items"]
assert [i["open"] for i in items] == [True, True, False], items
closed = items[-1]
assert closed["note"] == "周三加辅食栏目" and closed["version"] == "1.0" and closed["closed_by"] == "bob"
assert closed["quadrant"] == "public" and closed["quadrant_name"] == "公开建议" and closed["member"] == "小美"
c = {x["group"]: x for x in d["counts"]}
assert c["宝妈育儿交流群"]["public"] == {"open": 0, "total": 1}
assert c["宝妈育儿交流群"]["private"] == {"open": 1, "total": 1}
assert c["职场穿搭研究所"]["active"]["total"] == 1
PY

expect_status "unknown quadrant is a usage error" 2 $RUN feedback add --group $G1 --quadrant 其他 --text x
expect_status "unknown group fails" 1 $RUN feedback add --group 没有的群 --quadrant public --text x
expect_status "future date fails" 1 $RUN feedback add --group $G1 --quadrant public --text x --date 2026-03-05

# Silent leavers: a WeCom member export, GBK encoded, a title-less header.
printf '客户群名称,成员昵称,退群时间\r\n宝妈育儿交流群,张三,2026-03-01 10:12:00\r\n职场穿搭研究所,"李""四",2026/03/03\r\n' |
	iconv -f UTF-8 -t GB18030 >"$TEST_TMP/leavers.csv"
printf '群名,成员,退群时间\n宝妈育儿交流群,王五,2026-03-01\n不存在的群,赵六,2026-03-02\n' >"$TEST_TMP/bad.csv"
before=$($RUN feedback --json)
expect_status "a bad leavers file fails" 1 $RUN feedback import "$TEST_TMP/bad.csv"
contains "names the line and group" "$TEST_TMP/last.err" "bad.csv:3: unknown group '不存在的群'"
after=$($RUN feedback --json)
[ "$before" = "$after" ] && ok "failed import changed nothing" || not_ok "failed import changed nothing"
printf '群名,成员,退群时间\n宝妈育儿交流群,王五,2026-03-01,多的值\n' >"$TEST_TMP/wide.csv"
expect_status "a leaver row with a value past the header fails" 1 $RUN feedback import "$TEST_TMP/wide.csv"
contains "naming its line and the field counts" "$TEST_TMP/last.err" \
	"wide.csv:2: 4 fields, but the header has 3"
same "the wide file changed nothing" "$($RUN feedback --json)" "$before"
check "import GBK leavers" $RUN feedback import "$TEST_TMP/leavers.csv"
contains "two added" "$TEST_TMP/last.out" "2 silent leavers"
check "import again" $RUN feedback import "$TEST_TMP/leavers.csv"
contains "nothing added twice" "$TEST_TMP/last.out" "0 silent leavers added as silent (2 already there)"
$RUN feedback --quadrant silent --json >"$TEST_TMP/silent.json"
python3 - "$TEST_TMP/silent.json" <<'PY' && ok "leavers are silent entries with member and day" || not_ok "leavers are silent entries with member and day" "$(cat "$TEST_TMP/silent.json")"
import json, sys
items = json.load(open(sys.argv[1], encoding="utf-8"))["items"]
assert sorted((i["member"], i["date"]) for i in items) == [("张三", "2026-03-01"), ('李"四', "2026-03-03")], items
PY
# A member export as WeCom writes it lists everyone: those still in the group have no leave
# time and are passed over (counted), not refused; the file is imported, not rejected whole.
printf '客户群名称,成员昵称,退群时间\n宝妈育儿交流群,孙七,2026-03-02\n宝妈育儿交流群,周八,\n职场穿搭研究所,吴九,\n' >"$TEST_TMP/members.csv"
check "a member export with current members imports" $RUN feedback import "$TEST_TMP/members.csv"
contains "the leaver added" "$TEST_TMP/last.out" "1 silent leavers added"
contains "current members counted" "$TEST_TMP/last.out" "2 members still in their group passed over"
$RUN --lang zh feedback import "$TEST_TMP/members.csv" >"$TEST_TMP/members-zh.txt"
contains "said in Chinese" "$TEST_TMP/members-zh.txt" "跳过 2 位仍在群内的成员"
$RUN feedback --quadrant silent --json >"$TEST_TMP/silent2.json"
python3 - "$TEST_TMP/silent2.json" <<'PY' && ok "only the leaver became an entry" || not_ok "only the leaver became an entry" "$(cat "$TEST_TMP/silent2.json")"
import json, sys
members = sorted(i["member"] for i in json.load(open(sys.argv[1], encoding="utf-8"))["items"])
assert members == sorted(["张三", '李"四', "孙七"]), members
PY
$RUN log --kind feedback-close >"$TEST_TMP/log.txt"
contains "close is audited" "$TEST_TMP/log.txt" "bob"
