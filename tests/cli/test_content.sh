#!/bin/sh
# The content library from the command line: import CSV (BOM, CRLF, Chinese
# header) and YAML, list with filters, --json, a failed import changes nothing,
# export CSV/YAML and re-import round trip.
. "$(dirname "$0")/../lib.sh"

# py EXPR: evaluate a Python expression over the JSON document on stdin (as d).
py() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
# titles ARGS...: the titles `content --json ARGS` lists, joined by '|'.
titles() { "$SOPDECK" content --json "$@" | py "'|'.join(i['title'] for i in d['items'])"; }
# same NAME GOT WANT
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:  $2" "want: $3"; fi
}

check "import content CSV (BOM, CRLF, Chinese header)" "$SOPDECK" import content "$FIXTURES/content.csv"
contains "CSV import counts" "$TEST_TMP/last.out" "imported 3 content items"
check "import content YAML" "$SOPDECK" import content "$FIXTURES/content.yaml"
contains "YAML import counts" "$TEST_TMP/last.out" "imported 2 content items"
check "re-import updates, does not duplicate" "$SOPDECK" import content "$FIXTURES/content.yaml"
same "five items" "$("$SOPDECK" content --json | py "d['count']")" 5

# ---- failed import ----
expect_status "bad category refused" 1 "$SOPDECK" import content "$FIXTURES/bad-content.csv"
contains "error names file and line" "$TEST_TMP/last.err" "bad-content.csv:3: unknown category '营销型'"
same "nothing imported from the bad file" "$("$SOPDECK" content --json | py "d['count']")" 5

# ---- JSON ----
"$SOPDECK" content --json >"$TEST_TMP/all.json"
check "--json is valid JSON" python3 -m json.tool "$TEST_TMP/all.json"
same "fields of a CSV item" "$(py "[(i['category'],i['zone'],i['form'],i['style'],i['tags'],i['date'],i['source']) for i in d['items'] if i['title']=='宝宝辅食添加的三个误区'][0]" <"$TEST_TMP/all.json")" \
	"('engage', 'knowledge', 'text', '温暖治愈', ['育儿干货', '辅食', '6月龄'], '2026-02-10', '原创')"
same "embedded CRLF and quotes kept" "$(py "[i['body'] for i in d['items'] if i['title'].startswith('会员日')][0]" <"$TEST_TMP/all.json")" \
	'专属福利仅限今晚 24 点，"点击"小程序'
same "naming rule filled date, category, form" "$(py "[(i['date'],i['category'],i['form']) for i in d['items'] if i['title'].startswith('202602')][0]" <"$TEST_TMP/all.json")" \
	"('2026-02-01', 'brand', 'video')"
same "YAML date 202603 is the first" "$(py "[i['date'] for i in d['items'] if i['title'].startswith('直播')][0]" <"$TEST_TMP/all.json")" "2026-03-01"
same "newest first" "$(py "[i['date'] for i in d['items']] == sorted([i['date'] for i in d['items']], reverse=True)" <"$TEST_TMP/all.json")" True

# ---- filters ----
same "--tag exact (育儿 is not 育儿干货)" "$(titles --tag 育儿)" "会员日满 199 减 50"
same "--tag twice: all must match" "$(titles --tag 育儿干货 --tag 辅食)" "宝宝辅食添加的三个误区"
same "--category by Chinese name" "$(titles --category 转化型)" "直播预告：周三晚 8 点儿科医生答疑|会员日满 199 减 50"
same "--category and --form combine" "$(titles --category convert --form live)" "直播预告：周三晚 8 点儿科医生答疑"
same "--zone" "$(titles --zone 视觉素材区)" "早安问候｜新的一周|202602 品牌-创始人故事-短视频"
same "--from/--to" "$(titles --from 2026-02-01 --to 2026-02-28)" "早安问候｜新的一周|宝宝辅食添加的三个误区|202602 品牌-创始人故事-短视频"
same "--to YYYYMM is the month's end" "$(titles --from 202602 --to 202602 --tag 早安)" "早安问候｜新的一周"
same "--search two characters" "$(titles --search 误区)" "宝宝辅食添加的三个误区"
same "--search one character" "$(titles --search 盐)" "宝宝辅食添加的三个误区"
same "--search 3+ characters in the body" "$(titles --search 二胎妈妈)" "202602 品牌-创始人故事-短视频"
same "--search in tags" "$(titles --search 答疑)" "直播预告：周三晚 8 点儿科医生答疑"
same "--search with a filter" "$(titles --search 育 --category engage)" "宝宝辅食添加的三个误区"
"$SOPDECK" content --search 误区 >"$TEST_TMP/text.out"
contains "text output lists the hit" "$TEST_TMP/text.out" "宝宝辅食添加的三个误区"
# The category column: its name in Chinese (as the Library shows it), the key in English.
same "text (zh): the category's name" "$("$SOPDECK" --lang zh content --search 会员日满 | awk '{print $3}')" "转化型"
same "text (en): the category's key" "$("$SOPDECK" --lang en content --search 会员日满 | awk '{print $3}')" "convert"
expect_status "bad --from is a usage error" 2 "$SOPDECK" content --from 2026-13-01
expect_status "unknown category is a usage error" 2 "$SOPDECK" content --category 营销
expect_status "a reversed --from/--to is a usage error" 2 "$SOPDECK" content --from 2026-12-01 --to 2026-11-01
contains "it says the range is reversed" "$TEST_TMP/last.err" "the date range is reversed"
expect_status "reversed either way round" 2 "$SOPDECK" export content --to 202611 --from 202612
expect_status "one month (YYYYMM both ends) is not reversed" 0 "$SOPDECK" content --from 202602 --to 202602
# Full-width punctuation in the query and the data (the demo library): both sides folded.
demo="$SOPDECK --db $TEST_TMP/demo.db"
check "import the demo library" $demo import content "$ASSETS/demo-content.yaml"
dtitles() { $demo content --json "$@" | py "'|'.join(i['title'] for i in d['items'])"; }
hits=$(dtitles --search 怎么办)
[ "$(echo "$hits" | tr '|' '\n' | wc -l)" -eq 2 ] && ok "--search 怎么办 finds 2" || not_ok "--search 怎么办 finds 2" "$hits"
same "--search 怎么办？ (full-width ？) finds the same" "$(dtitles --search 怎么办？)" "$hits"
same "--search 怎么办? (half-width ?) finds the same" "$(dtitles --search 怎么办?)" "$hits"
colon=$(dtitles --search ：保湿)
[ -n "$colon" ] && ok "--search ：保湿 finds the item" || not_ok "--search ：保湿 finds the item"
same "--search :保湿 (half-width colon) finds the same" "$(dtitles --search :保湿)" "$colon"
same "--search ？物 (2 characters) finds the fever item" "$(dtitles --search ？物)" "宝宝发烧怎么办？物理降温的误区" \
	|| not_ok "--search with a leading full-width colon finds items" || not_ok "--search 什么? finds something"
expect_status "unknown option is a usage error" 2 "$SOPDECK" content --colour red

# A whole listing is written from where it is held: to a full disk that is an error, not
# a listing lost without a word.
if [ -w /dev/full ]; then
	"$SOPDECK" content --json >/dev/full 2>"$TEST_TMP/full.err"
	same "a whole listing to a full disk: exit 1" "$?" 1
	contains "...saying the listing was not written" "$TEST_TMP/full.err" "writing the listing"
fi

# ---- --count: the number of matches alone, by the listing's filters ----
# listed DB ARGS...: how many items `content --json ARGS` lists on that workspace.
listed() { db=$1; shift; "$SOPDECK" --db "$db" content --json "$@" | py "d['count']"; }
for args in "" "--search 误区" "--search 育 --category engage" "--tag 育儿干货 --tag 辅食" \
	"--category 转化型" "--zone 视觉素材区" "--from 2026-02-01 --to 2026-02-28" "--search 盐"; do
	same "--count $args: what the listing lists" \
		"$("$SOPDECK" content --count $args)" "$(listed "$SOPDECK_DB" $args)"
done
same "--count --search 误区 is 1" "$("$SOPDECK" content --count --search 误区)" 1
same "--count --json" "$("$SOPDECK" content --count --json --search 误区)" '{"count":1}'
same "--count with two filters" "$("$SOPDECK" content --count --category convert --form live)" 1
for args in "--search 怎么办" "--search 怎么办？" "--search ：保湿" "--search 误区 --zone knowledge" \
	"--tag 辅食"; do
	same "--count $args (demo): what the listing lists" \
		"$($demo content --count $args)" "$(listed "$TEST_TMP/demo.db" $args)"
done
same "--count --search 怎么办 (demo) is 2" "$($demo content --count --search 怎么办)" 2
expect_status "--count, no match: exit 0" 0 "$SOPDECK" content --count --search 没有这样的内容
same "--count, no match: 0 and nothing else" "$(cat "$TEST_TMP/last.out")|$(cat "$TEST_TMP/last.err")" "0|"
same "--count --json, no match" "$("$SOPDECK" content --count --json --search 没有这样的内容)" '{"count":0}'
same "--count --json parses" "$("$SOPDECK" content --count --json | py "d['count']")" 5
expect_status "--count --limit is a usage error" 2 "$SOPDECK" content --count --limit 3
contains "...saying --count takes no --limit" "$TEST_TMP/last.err" "--count counts every match"
expect_status "--count --after is a usage error" 2 "$SOPDECK" content --after 1 --count

# ---- pages: --limit N --after ID, JSON streamed ----
# page ARGS...: "ids|count|next_after" of one page.
page() { "$SOPDECK" content --json "$@" | py "','.join(str(i['id']) for i in d['items']) + '|' + str(d['count']) + '|' + str(d['next_after'])"; }
all_ids=$("$SOPDECK" content --json | py "','.join(str(i['id']) for i in d['items'])")
p1=$(page --limit 2)
set -- $(echo "$all_ids" | tr ',' ' ')
same "--limit 2: the first two, next_after the second" "$p1" "$1,$2|2|$2"
p2=$(page --limit 2 --after "$2")
same "--after continues after that item" "$p2" "$3,$4|2|$4"
p3=$(page --limit 2 --after "$4")
same "the last page says there is no next" "$p3" "$5|1|None"
same "--limit larger than the list: all, no next" "$(page --limit 50)" "$all_ids|5|None"
same "no --limit: next_after is null" "$(page)" "$all_ids|5|None"
# Walking pages of one reassembles the whole list, for a sort and a filter too.
walk() { # ARGS...: every id through pages of one
	out="" after=""
	while :; do
		r=$(page --limit 1 $after "$@")
		ids=${r%%|*}
		[ -n "$ids" ] && out="$out${out:+,}$ids"
		next=${r##*|}
		[ "$next" = None ] && break
		after="--after $next"
	done
	echo "$out"
}
same "pages of one = the whole list" "$(walk)" "$all_ids"
same "pages of one, --sort=title" "$(walk --sort=title)" "$("$SOPDECK" content --json --sort=title | py "','.join(str(i['id']) for i in d['items'])")"
same "--sort title (two words) is --sort=title" "$("$SOPDECK" content --sort title)" "$("$SOPDECK" content --sort=title)"
same "--sort date (two words) is --sort=date" "$("$SOPDECK" content --sort date)" "$("$SOPDECK" content --sort=date)"
expect_status "--sort of something else is a usage error" 2 "$SOPDECK" content --sort colour
contains "...saying what it takes" "$TEST_TMP/last.err" "--sort takes title or date"
same "pages of one, --search 育" "$(walk --search 育)" "$("$SOPDECK" content --json --search 育 | py "','.join(str(i['id']) for i in d['items'])")"
same "every item carries its performance" "$("$SOPDECK" content --json --limit 3 | py "all(set(i['performance']) == {'posts','open_rate','interact_rate','rank','ranked','retire'} for i in d['items'])")" True
# Text output: the whole list is read, then sorted; a page walks the index. Same lines.
for args in "" "--search 育" "--tag 育儿干货" "--from 202602"; do
	"$SOPDECK" content $args >"$TEST_TMP/whole.out"
	"$SOPDECK" content --limit 1000 $args >"$TEST_TMP/paged.out"
	if [ -s "$TEST_TMP/whole.out" ] && cmp -s "$TEST_TMP/whole.out" "$TEST_TMP/paged.out"; then
		ok "text: the whole list is the page ($args)"
	else
		not_ok "text: the whole list is the page ($args)" "$(diff "$TEST_TMP/whole.out" "$TEST_TMP/paged.out")"
	fi
done
same "text: in --json's order" "$("$SOPDECK" content | awk '{printf "%s%s", (NR > 1 ? "," : ""), $1}')" "$all_ids"
# Tags stored as an older version may have left them (other separators, full-width,
# blanks, repeats) print as content_tags_split reads them.
cp "$SOPDECK_DB" "$TEST_TMP/oddtags.db"
python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute('DROP TRIGGER content_fts_update')
c.execute(\"UPDATE content SET tags = 'a；ｂ; c;;a,d、e' WHERE id = 1\")
c.execute(\"UPDATE content SET tags = 'x;y' WHERE id = 2\")
c.commit()" "$TEST_TMP/oddtags.db"
same "text: odd stored tags" "$(SOPDECK_DB="$TEST_TMP/oddtags.db" "$SOPDECK" --lang zh content | awk '$1 == 1 || $1 == 2 {print $1, $NF}' | sort)" "1 a、b、c、d、e
2 x、y"
same "text: odd stored tags, English separator" "$(SOPDECK_DB="$TEST_TMP/oddtags.db" "$SOPDECK" --lang en content | grep -E '^ *[12] ' | sed 's/.*  //' | sort)" "a, b, c, d, e
x, y"
"$SOPDECK" content --limit 2 >"$TEST_TMP/text2.out" 2>"$TEST_TMP/text2.err"
same "text --limit prints that many rows" "$(wc -l <"$TEST_TMP/text2.out" | tr -d ' ')" 2
contains "text --limit says how to go on" "$TEST_TMP/text2.err" "more items follow: --after $2"
expect_status "--limit 0 is a usage error" 2 "$SOPDECK" content --limit 0
expect_status "--limit abc is a usage error" 2 "$SOPDECK" content --limit abc
expect_status "--limit without a value is a usage error" 2 "$SOPDECK" content --limit
expect_status "--after -3 is a usage error" 2 "$SOPDECK" content --after -3
expect_status "--after an unknown item fails" 1 "$SOPDECK" content --after 999999 --json
contains "it names the item" "$TEST_TMP/last.err" "no content item 999999"

# ---- performance: stored, and following what it depends on ----
# The ranking is kept in the database (content_perf, migration 019) and marked stale by
# the change itself: the rank that content --json prints follows a change of counters,
# a slot posted, and the day, whichever command made it.
pdb="$TEST_TMP/perf.db"
P="env SOPDECK_DB=$pdb SOPDECK_TODAY=2026-03-04 $SOPDECK"
check "perf: groups" $P import groups "$FIXTURES/groups.yaml"
check "perf: content" $P import content "$FIXTURES/content.csv"
check "perf: counters" $P import kpi "$FIXTURES/kpi-wecom.csv"
check "perf: item 2 posted (30% opened)" $P schedule --group 职场穿搭研究所 --date 2026-03-01 --slot 08:30 --content 2 --status posted
check "perf: item 1 posted (5% opened)" $P schedule --group 宝妈育儿交流群 --date 2026-03-03 --slot 08:30 --content 1 --status posted
# ranks: "id:rank/ranked:open_rate" of items 1, 2, 3
ranks() { $P content --json "$@" | py "' '.join('%d:%s/%d:%s' % (i['id'], i['performance']['rank'], i['performance']['ranked'], i['performance']['open_rate']) for i in sorted(d['items'], key=lambda i: i['id']))"; }
# stored: "valid|today|ranked" of the stored performance, and its rows "id:rank".
stored() { python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
v = c.execute('SELECT valid, today, ranked FROM content_perf_state').fetchone()
r = c.execute('SELECT content_id, rank FROM content_perf ORDER BY content_id').fetchall()
print('%d|%s|%d' % v, ' '.join('%d:%s' % x for x in r))" "$pdb"; }
same "perf: ranked by open rate" "$(ranks)" "1:2/2:5 2:1/2:30 3:None/0:None"
same "perf: stored once read, valid for today" "$(stored)" "1|2026-03-04|2 1:2 2:1"
same "perf: a page reads the same ranks" "$(ranks --limit 1 --after 2)" "1:2/2:5"
# Counters change (a re-import): 宝妈育儿交流群 opened 1,000 of 2,000 on 03-03, 50%.
sed 's|^2026/3/3,宝妈育儿交流群,"1,030",20,5,100,600,"2,000",100,5%|2026/3/3,宝妈育儿交流群,"1,030",20,5,100,600,"2,000","1,000",50%|' \
	"$FIXTURES/kpi-wecom.csv" >"$TEST_TMP/kpi-more.csv"
check "perf: counters re-imported" $P import kpi "$TEST_TMP/kpi-more.csv"
same "perf: the import marked the stored ranking stale" "$(stored | cut -d' ' -f1)" "0|2026-03-04|2"
same "perf: the rank follows the counters" "$(ranks)" "1:1/2:50 2:2/2:30 3:None/0:None"
same "perf: stored again" "$(stored)" "1|2026-03-04|2 1:1 2:2"
# A slot posted: item 3 in 职场穿搭研究所 on 03-01 shares item 2's group-day (a tie).
check "perf: item 3 posted" $P schedule --group 职场穿搭研究所 --date 2026-03-01 --slot 20:00 --content 3 --status posted
same "perf: the posting marked it stale" "$(stored | cut -d' ' -f1)" "0|2026-03-04|2"
same "perf: the new post ranks, ties share a rank" "$(ranks)" "1:1/3:50 2:2/3:30 3:2/3:30"
# Planning a slot that is not posted leaves the stored ranking valid.
check "perf: a planned slot" $P schedule --group 职场穿搭研究所 --date 2026-03-05 --slot 08:30 --content 1
same "perf: planning keeps it valid" "$(stored | cut -d' ' -f1)" "1|2026-03-04|3"
# Another day: 2026-04-15 is more than 30 days after every post, so nothing ranks.
same "perf: a later day ranks nothing" \
	"$(env SOPDECK_DB="$pdb" SOPDECK_TODAY=2026-04-15 "$SOPDECK" content --json | py "sorted((i['id'], i['performance']['posts'], i['performance']['rank'], i['performance']['ranked']) for i in d['items'])")" \
	"[(1, 1, None, 0), (2, 1, None, 0), (3, 1, None, 0)]"
same "perf: stored for that day" "$(stored)" "1|2026-04-15|0 1:None 2:None 3:None"
# Another writer holds the file: the ranking is computed for this command alone, without
# waiting for the lock, and stays unstored (stale) for the next reader.
python3 - "$pdb" "$TEST_TMP/locked" "$TEST_TMP/unlock" <<'EOF' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN IMMEDIATE')
c.execute("UPDATE content_perf_state SET valid = 0")
open(sys.argv[2], 'w').close()
for _ in range(600):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
c.execute('ROLLBACK')
EOF
locker=$!
i=0
while [ ! -f "$TEST_TMP/locked" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
same "perf: with the file locked by another writer, today's ranks all the same" "$(ranks)" \
	"1:1/3:50 2:2/3:30 3:2/3:30"
$P content --json >"$TEST_TMP/perf-memory.json"
touch "$TEST_TMP/unlock"
wait $locker
same "perf: not stored while locked (the stored one is still 04-15's)" "$(stored | cut -d' ' -f1)" \
	"1|2026-04-15|0"
# Stored, each row's performance is joined to it as read: the same document as computed.
$P content --json >"$TEST_TMP/perf-joined.json"
same "perf: joined from the store = computed in memory" "$(stored | cut -d' ' -f1)" "1|2026-03-04|3"
if cmp -s "$TEST_TMP/perf-memory.json" "$TEST_TMP/perf-joined.json"; then
	ok "perf: the whole --json the same either way"
else
	not_ok "perf: the whole --json the same either way" \
		"$(diff "$TEST_TMP/perf-memory.json" "$TEST_TMP/perf-joined.json" | head)"
fi

# ---- export and round trip ----
check "export CSV" "$SOPDECK" export content -o "$TEST_TMP/out.csv"
if head -c 3 "$TEST_TMP/out.csv" | od -An -tx1 | grep -q "ef bb bf"; then ok "CSV starts with a BOM"; else not_ok "CSV starts with a BOM"; fi
contains "CSV has the header" "$TEST_TMP/out.csv" "title,category,zone,form,style,tags,date,source,body"
same "CSV parses with 5 rows" "$(python3 -c "import csv; print(len(list(csv.DictReader(open('$TEST_TMP/out.csv', encoding='utf-8-sig', newline='')))))")" 5
SOPDECK_DB="$TEST_TMP/copy.db" "$SOPDECK" import content "$TEST_TMP/out.csv" >/dev/null 2>&1
SOPDECK_DB="$TEST_TMP/copy.db" "$SOPDECK" export content -o "$TEST_TMP/again.csv"
if cmp -s "$TEST_TMP/out.csv" "$TEST_TMP/again.csv"; then ok "CSV round trip is equal"; else
	not_ok "CSV round trip is equal" "$(diff "$TEST_TMP/out.csv" "$TEST_TMP/again.csv" | head -20)"
fi
"$SOPDECK" content --json | py "[ {k:v for k,v in i.items() if k!='id'} for i in d['items']]" >"$TEST_TMP/a.txt"
SOPDECK_DB="$TEST_TMP/copy.db" "$SOPDECK" content --json | py "[ {k:v for k,v in i.items() if k!='id'} for i in d['items']]" >"$TEST_TMP/b.txt"
if cmp -s "$TEST_TMP/a.txt" "$TEST_TMP/b.txt"; then ok "re-imported items equal the originals"; else
	not_ok "re-imported items equal the originals" "$(diff "$TEST_TMP/a.txt" "$TEST_TMP/b.txt" | head)"
fi
check "export YAML" "$SOPDECK" export content --format yaml -o "$TEST_TMP/out.yaml"
SOPDECK_DB="$TEST_TMP/copy2.db" "$SOPDECK" import content "$TEST_TMP/out.yaml" >/dev/null 2>&1
SOPDECK_DB="$TEST_TMP/copy2.db" "$SOPDECK" content --json | py "[ {k:v for k,v in i.items() if k!='id'} for i in d['items']]" >"$TEST_TMP/c.txt"
if cmp -s "$TEST_TMP/a.txt" "$TEST_TMP/c.txt"; then ok "YAML round trip is equal"; else
	not_ok "YAML round trip is equal" "$(diff "$TEST_TMP/a.txt" "$TEST_TMP/c.txt" | head)"
fi
"$SOPDECK" export content --tag 早安 >"$TEST_TMP/one.csv"
same "export takes the filters" "$(python3 -c "import csv; print(len(list(csv.DictReader(open('$TEST_TMP/one.csv', encoding='utf-8-sig', newline='')))))")" 1
expect_status "unknown export format" 2 "$SOPDECK" export content --format xls
expect_status "unknown export kind" 2 "$SOPDECK" export recipes
