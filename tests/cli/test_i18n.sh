#!/bin/sh
# Issue 15's languages on the command line: every msgid of the sources translated in
# po/zh_CN.po with its conversions (and msgfmt happy with it), the help in Chinese and
# English within 80 columns, the language chosen by --lang, SOPDECK_LANG, the config,
# the locale, or Chinese by default, and the model's errors (a CSV row, the CSV reader,
# an unknown group, a playbook's line:col, a busy database) in both languages.
. "$(dirname "$0")/../lib.sh"

TOP=$(cd "$(dirname "$0")/../.." && pwd)
RUN="$SOPDECK --db $TEST_TMP/i18n.db"

if python3 "$TOP/tools/po-check.py" "$TOP" >"$TEST_TMP/po.out" 2>&1; then
	ok "every _() / N_() msgid has a non-empty msgstr with the same conversions"
else
	not_ok "every _() / N_() msgid has a non-empty msgstr with the same conversions" \
		"$(cat "$TEST_TMP/po.out")"
fi
if command -v msgfmt >/dev/null 2>&1; then
	check "msgfmt --check accepts po/zh_CN.po" msgfmt --check -o /dev/null "$TOP/po/zh_CN.po"
fi

# A check that can fail: a msgid the catalogue lacks is reported by name.
mkdir -p "$TEST_TMP/src/tui" "$TEST_TMP/src/cli" "$TEST_TMP/src/model" "$TEST_TMP/src/po"
cp "$TOP/po/zh_CN.po" "$TEST_TMP/src/po/"
printf 'static const char *x = N_("a message nobody translated");\n' >"$TEST_TMP/src/tui/x.c"
python3 "$TOP/tools/po-check.py" "$TEST_TMP/src" >"$TEST_TMP/po2.out" 2>&1
st=$?
if [ "$st" -ne 0 ] && grep -qF "a message nobody translated" "$TEST_TMP/po2.out"; then
	ok "a msgid missing from the catalogue fails the check, named"
else not_ok "a msgid missing from the catalogue fails the check, named" "$(cat "$TEST_TMP/po2.out")"; fi

# The conversions must match in order and kind, and a format's translation has no lone '%'.
for bad in 'msgid "%s has %d rows"\nmsgstr "%d 行：%s"' 'msgid "%s: %d%% done"\nmsgstr "%s：已完成 %d%"'; do
	cp "$TOP/po/zh_CN.po" "$TEST_TMP/src/po/"
	printf 'static const char *x = N_("a message nobody translated");\n' >"$TEST_TMP/src/tui/x.c"
	printf '\n%b\n\nmsgid "a message nobody translated"\nmsgstr "没人翻译"\n' "$bad" \
		>>"$TEST_TMP/src/po/zh_CN.po"
	id=$(printf '%b' "$bad" | sed -n 's/^msgid "\(.*\)"$/\1/p')
	printf 'static const char *y = N_("%s");\n' "$id" >"$TEST_TMP/src/cli/y.c"
	python3 "$TOP/tools/po-check.py" "$TEST_TMP/src" >"$TEST_TMP/po3.out" 2>&1
	st=$?
	if [ "$st" -ne 0 ] && grep -qF "$id" "$TEST_TMP/po3.out" &&
		[ "$(grep -c 'problems$\|^conversions\|^stray\|^missing' "$TEST_TMP/po3.out")" -eq 2 ]; then
		ok "a bad translation of '$id' fails the check, named"
	else not_ok "a bad translation of '$id' fails the check, named" "$(cat "$TEST_TMP/po3.out")"; fi
done
rm -f "$TEST_TMP/src/cli/y.c"

# Every help text in both languages: within 80 columns (wcswidth), and really translated.
for lang in zh en; do
	$SOPDECK --lang $lang --help >"$TEST_TMP/help-$lang.txt"
	for c in $($SOPDECK complete commands); do
		$RUN --lang $lang "$c" --help >>"$TEST_TMP/help-$lang.txt"
	done
	if python3 "$TOP/tools/width-check.py" 80 <"$TEST_TMP/help-$lang.txt" >"$TEST_TMP/w.out"; then
		ok "$lang: --help and every SUB --help fit 80 columns"
	else not_ok "$lang: --help and every SUB --help fit 80 columns" "$(cat "$TEST_TMP/w.out")"; fi
done
contains "zh --help is Chinese" "$TEST_TMP/help-zh.txt" "打开控制台"
lacks "zh --help has no English summary left" "$TEST_TMP/help-zh.txt" "open the console"
contains "en --help is English" "$TEST_TMP/help-en.txt" "open the console (--demo: a demo workspace)"
lacks "en --help has no Chinese label" "$TEST_TMP/help-en.txt" "用法"

$RUN --lang zh today --help >"$TEST_TMP/out" 2>&1
contains "--lang zh today --help: the usage label" "$TEST_TMP/out" "用法: sopdeck today"
contains "--lang zh today --help: the summary" "$TEST_TMP/out" "今日待办清单"
$RUN --lang en today --help >"$TEST_TMP/out" 2>&1
contains "--lang en today --help" "$TEST_TMP/out" "usage: sopdeck today"
expect_status "a usage error in Chinese: exit 2" 2 $RUN --lang zh todya
contains "the usage error in Chinese" "$TEST_TMP/last.err" "未知命令 'todya'；你是想用 'today' 吗？"
expect_status "--lang fr: exit 2" 2 $RUN --lang fr today
contains "--lang fr is refused" "$TEST_TMP/last.err" "'fr' is not a language"

# Where the language comes from: flag > env > config > locale > default (zh).
lang_of() { # the language `config --json` reports, and its source
	"$@" config --json | python3 -c 'import json,sys
s = json.load(sys.stdin)["settings"]["language"]
print(s["value"], s["source"], s["used"])'
}
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got '$2', wanted '$3'"; fi
}
mkdir -p "$XDG_CONFIG_HOME/sopdeck"
same "SOPDECK_LANG=en (the suites' own)" "$(lang_of $RUN)" "en env True"
same "unset: C.UTF-8 names no language, Chinese by default" \
	"$(env -u SOPDECK_LANG $RUN config --json | python3 -c 'import json,sys
s = json.load(sys.stdin)["settings"]["language"]; print(s["value"], s["source"])')" "zh default"
same "LANG=en_US.UTF-8 alone: English from the locale" \
	"$(env -u SOPDECK_LANG -u LC_ALL LANG=en_US.UTF-8 $RUN config --json | python3 -c 'import json,sys
s = json.load(sys.stdin)["settings"]["language"]; print(s["value"], s["source"])')" "en locale"
printf 'language: en\n' >"$XDG_CONFIG_HOME/sopdeck/config.yaml"
same "config language: en beats the locale" \
	"$(env -u SOPDECK_LANG -u LC_ALL LANG=zh_CN.UTF-8 $RUN config --json | python3 -c 'import json,sys
s = json.load(sys.stdin)["settings"]["language"]; print(s["value"], s["source"], s["line"])')" "en config 1"
same "SOPDECK_LANG=zh beats the config" "$(SOPDECK_LANG=zh lang_of $RUN)" "zh env True"
same "--lang en beats SOPDECK_LANG=zh" "$(SOPDECK_LANG=zh lang_of $RUN --lang en)" "en flag True"
$RUN config >"$TEST_TMP/out"
contains "sopdeck config shows the language and its source" "$TEST_TMP/out" "language      en  [env SOPDECK_LANG]"

# The config file's own errors in the language --lang or SOPDECK_LANG chose (flag first).
printf 'weekstart: sunday\n' >"$XDG_CONFIG_HOME/sopdeck/config.yaml"
CFG_EN="config.yaml:1:1: unknown key 'weekstart' (known: db, operator,"
CFG_ZH="config.yaml:1:1: 未知的键 'weekstart'（可用：db, operator,"
expect_status "a bad config, --lang en: exit 1" 1 env -u SOPDECK_LANG $RUN --lang en today
contains "--lang en: the config's error in English" "$TEST_TMP/last.err" "sopdeck: "
contains "--lang en: ...its words" "$TEST_TMP/last.err" "$CFG_EN"
expect_status "a bad config, --lang en after the command: exit 1" 1 env -u SOPDECK_LANG $RUN today --lang en
contains "today --lang en: the config's error in English" "$TEST_TMP/last.err" "$CFG_EN"
expect_status "a bad config, SOPDECK_LANG=zh --lang en: exit 1" 1 env SOPDECK_LANG=zh $RUN --lang en today
contains "the flag beats SOPDECK_LANG for the config's error" "$TEST_TMP/last.err" "$CFG_EN"
expect_status "a bad config, SOPDECK_LANG=en --lang zh: exit 1" 1 env SOPDECK_LANG=en $RUN --lang zh today
contains "--lang zh: the config's error in Chinese" "$TEST_TMP/last.err" "sopdeck：/"
contains "--lang zh: ...its words" "$TEST_TMP/last.err" "$CFG_ZH"
expect_status "a bad config, SOPDECK_LANG=en: exit 1" 1 env SOPDECK_LANG=en $RUN today
contains "SOPDECK_LANG=en: the config's error in English" "$TEST_TMP/last.err" "$CFG_EN"
expect_status "a bad config, SOPDECK_LANG=zh: exit 1" 1 env SOPDECK_LANG=zh $RUN today
contains "SOPDECK_LANG=zh: the config's error in Chinese" "$TEST_TMP/last.err" "$CFG_ZH"
expect_status "a bad config, nothing chosen: exit 1" 1 env -u SOPDECK_LANG $RUN today
contains "nothing chosen: the config's error in Chinese" "$TEST_TMP/last.err" "$CFG_ZH"
expect_status "--lang en --help works with a bad config" 0 env -u SOPDECK_LANG $RUN --lang en --help
rm -f "$XDG_CONFIG_HOME/sopdeck/config.yaml"

# The model's errors (issue 15: "messages, errors"): words in the language chosen, names,
# file:line(:col) and exit statuses as they are.
printf 'name,platform,type,created,owner,positioning\n宝妈一群,wecom,promotion,2026-01-01,小王,育儿\n售后群,qq,service,2026-01-02,小李,售后\n' \
	>"$TEST_TMP/g.csv"
printf 'playbook: x\nversion: "1"\nevry: day\n' >"$TEST_TMP/p.yaml"
printf 'name,platform,type,created,owner,positioning\n"宝妈一群,wecom\n' >"$TEST_TMP/q.csv"
printf -- '- name: 新群\n  type: [service\n' >"$TEST_TMP/s.yaml"
for lang in zh en; do
	R="env SOPDECK_LANG=$lang $RUN"
	expect_status "$lang: a bad CSV row: exit 1" 1 $R import groups "$TEST_TMP/g.csv"
	cp "$TEST_TMP/last.err" "$TEST_TMP/csv-$lang.err"
	expect_status "$lang: a CSV quote never closed: exit 1" 1 $R import groups "$TEST_TMP/q.csv"
	cp "$TEST_TMP/last.err" "$TEST_TMP/quote-$lang.err"
	expect_status "$lang: an unknown group: exit 1" 1 $R today --group 无此群
	cp "$TEST_TMP/last.err" "$TEST_TMP/group-$lang.err"
	expect_status "$lang: a bad playbook: exit 1" 1 $R import playbook "$TEST_TMP/p.yaml"
	cp "$TEST_TMP/last.err" "$TEST_TMP/pb-$lang.err"
	expect_status "$lang: groups YAML that does not parse: exit 1" 1 $R import groups "$TEST_TMP/s.yaml"
	cp "$TEST_TMP/last.err" "$TEST_TMP/syntax-$lang.err"
done
# libyaml's own words (English in the library) are in the catalogue too.
contains "zh: a groups file's YAML syntax error in Chinese, at line:col" "$TEST_TMP/syntax-zh.err" \
	"s.yaml:3:1: YAML 语法：缺少应有的“,”或“]”（解析流式序列 […] 时）"
lacks "zh: no English words of libyaml left" "$TEST_TMP/syntax-zh.err" "expected"
contains "en: a groups file's YAML syntax error in English, at line:col" "$TEST_TMP/syntax-en.err" \
	"s.yaml:3:1: YAML syntax: did not find expected ',' or ']' while parsing a flow sequence"
contains "zh: the CSV row's error in Chinese, file:line and value kept" "$TEST_TMP/csv-zh.err" \
	"g.csv:3: 未知平台 'qq'（应为 wecom 或 wechat，企业微信 或 个人微信）"
contains "en: the CSV row's error in English" "$TEST_TMP/csv-en.err" \
	"g.csv:3: unknown platform 'qq' (expected wecom or wechat, 企业微信 or 个人微信)"
contains "zh: the CSV reader's error in Chinese" "$TEST_TMP/quote-zh.err" "q.csv:2: 引号字段没有闭合"
contains "en: the CSV reader's error in English" "$TEST_TMP/quote-en.err" \
	"q.csv:2: quoted field is never closed"
contains "zh: an unknown group in Chinese, the name kept" "$TEST_TMP/group-zh.err" \
	"没有名为 '无此群' 的群"
contains "en: an unknown group in English" "$TEST_TMP/group-en.err" "no group named '无此群'"
contains "zh: a playbook error at line:col in Chinese" "$TEST_TMP/pb-zh.err" \
	"p.yaml:3:1: 剧本中有未知的键 'evry'（可用：playbook, version, note,"
contains "en: a playbook error at line:col in English" "$TEST_TMP/pb-en.err" \
	"p.yaml:3:1: unknown key 'evry' in the playbook (known: playbook, version, note,"
lacks "zh: no English words left in the playbook error" "$TEST_TMP/pb-zh.err" "unknown key"
env -u SOPDECK_LANG $RUN today --group 无此群 2>"$TEST_TMP/group-default.err"
contains "no language chosen: the model's errors in Chinese" "$TEST_TMP/group-default.err" \
	"没有名为 '无此群' 的群"

# A database another operator holds (a write transaction open past the 10 s wait): the
# busy message in each language, both waits at once.
if command -v sqlite3 >/dev/null 2>&1; then
	$RUN import groups "$FIXTURES/groups.csv" >/dev/null 2>&1
	mkfifo "$TEST_TMP/hold"
	(sqlite3 "$TEST_TMP/i18n.db" <"$TEST_TMP/hold" >/dev/null 2>&1) &
	holder=$!
	exec 9>"$TEST_TMP/hold"
	printf 'BEGIN IMMEDIATE;\nSELECT 1;\n' >&9
	# The lock is taken once a writer with no wait is refused.
	i=0
	while sqlite3 "$TEST_TMP/i18n.db" "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; ROLLBACK;" \
		>/dev/null 2>&1 && [ $i -lt 100 ]; do
		sleep 0.05
		i=$((i + 1))
	done
	env SOPDECK_LANG=zh $RUN group set 老客户售后服务群 --owner 小张 >/dev/null 2>"$TEST_TMP/busy-zh.err" &
	zh=$!
	env SOPDECK_LANG=en $RUN group set 老客户售后服务群 --owner 小张 >/dev/null 2>"$TEST_TMP/busy-en.err" &
	en=$!
	wait $zh
	st_zh=$?
	wait $en
	st_en=$?
	printf 'ROLLBACK;\n' >&9
	exec 9>&-
	wait $holder
	if [ $st_zh -ne 0 ] && [ $st_en -ne 0 ]; then ok "busy: both refused"; else
		not_ok "busy: both refused" "zh $st_zh, en $st_en"; fi
	contains "zh: busy in Chinese" "$TEST_TMP/busy-zh.err" "数据库正忙"
	contains "en: busy in English" "$TEST_TMP/busy-en.err" "busy: another operator's change"
fi

# Lifecycle stages in the interface's language (issue 15): the playbook's name_en in
# English, the name in Chinese, wherever a stage is shown.
S="$SOPDECK --db $TEST_TMP/stage.db"
$S import groups "$FIXTURES/kpi-groups.csv" >/dev/null 2>&1
$S import kpi "$FIXTURES/kpi-wecom.csv" >/dev/null 2>&1
for lang in zh en; do
	for c in groups today kpi "export kpi --format md"; do
		f=$(echo "$c" | tr ' ' '-')
		check "$lang: $c" $S --lang $lang $c
		cp "$TEST_TMP/last.out" "$TEST_TMP/stage-$lang-$f.out"
	done
done
for c in groups today kpi export-kpi---format-md; do
	contains "en: $c shows the stage's name_en" "$TEST_TMP/stage-en-$c.out" "activation"
	lacks "en: $c has no Chinese stage name" "$TEST_TMP/stage-en-$c.out" "激活期"
	contains "zh: $c shows the stage's name" "$TEST_TMP/stage-zh-$c.out" "激活期"
	lacks "zh: $c has no English stage name" "$TEST_TMP/stage-zh-$c.out" "activation"
done
contains "en: kpi names the next stage in English" "$TEST_TMP/stage-en-kpi.out" \
	"activation day 13 (monetisation in 18 days)"
contains "zh: kpi names the next stage in Chinese" "$TEST_TMP/stage-zh-kpi.out" "变现期"
contains "en: groups: the stage column fits 'monetisation'-long names" \
	"$TEST_TMP/stage-en-groups.out" "retention    "
$S --lang zh kpi --json >"$TEST_TMP/stage.json"
same "kpi --json: stage_name and stage_name_en, whatever the language" \
	"$(python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(sorted((g["stage"], g["stage_name"], g["stage_name_en"]) for g in d["groups"]))' "$TEST_TMP/stage.json")" \
	"[('activation', '激活期', 'activation'), ('retention', '留存期', 'retention')]"
# A playbook without name_en shows its Chinese name in English too.
sed 's/ name_en: [a-z]*, *from_day/ from_day/' "$ASSETS/playbook.yaml" >"$TEST_TMP/no-en.yaml"
if grep -q 'key: launch.*name_en' "$TEST_TMP/no-en.yaml"; then
	not_ok "the playbook without stage name_en was written" "$(grep 'key: launch' "$TEST_TMP/no-en.yaml")"
fi
check "import a playbook without stage name_en" $S import playbook "$TEST_TMP/no-en.yaml"
$S --lang en groups >"$TEST_TMP/out" 2>&1
contains "en: without name_en the stage's name" "$TEST_TMP/out" "激活期"

# sopdeck kpi --content in one language at a time (the demo's posted content).
for lang in zh en; do
	env XDG_DATA_HOME="$TEST_TMP/data" $SOPDECK --demo --lang $lang kpi --content \
		>"$TEST_TMP/content-$lang.out" 2>&1
done
contains "en: kpi --content ranks by the group-day's open rate" "$TEST_TMP/content-en.out" \
	"posted content by its group's open rate on the day, then speaker rate"
contains "en: kpi --content rows in English" "$TEST_TMP/content-en.out" "open rate "
if python3 -c 'import re,sys
t = open(sys.argv[1]).read()
# Titles are the library'"'"'s own (Chinese): look at everything but the title column.
rows = [l[:5] + l[41:] for l in t.splitlines()[2:]]
sys.exit(1 if re.search("[\u4e00-\u9fff]", "\n".join(t.splitlines()[:2] + rows)) else 0)' \
	"$TEST_TMP/content-en.out"; then ok "en: kpi --content has no Chinese outside the titles"
else not_ok "en: kpi --content has no Chinese outside the titles" "$(head -5 "$TEST_TMP/content-en.out")"; fi
contains "zh: kpi --content in Chinese" "$TEST_TMP/content-zh.out" "当天群打开率"
lacks "zh: kpi --content has no English label" "$TEST_TMP/content-zh.out" "open rate"
lacks "zh: kpi --content has no English 'posts'" "$TEST_TMP/content-zh.out" "posts"
if grep -qE "发布次数 [0-9]+ " "$TEST_TMP/content-zh.out"; then ok "zh: kpi --content says 发布次数 N (the label before its number)"
else not_ok "zh: kpi --content says 发布次数 N (the label before its number)" "$(head -4 "$TEST_TMP/content-zh.out")"; fi
env XDG_DATA_HOME="$TEST_TMP/data" $SOPDECK --demo --lang zh kpi --versions >"$TEST_TMP/out" 2>&1
contains "zh: kpi --versions heading in Chinese, brackets and all" "$TEST_TMP/out" \
	"SOP 版本：各指标前后 30 天对比（全部群）"

# The content listing's form column: the key in English, the Chinese label in Chinese.
for lang in zh en; do
	env XDG_DATA_HOME="$TEST_TMP/data" $SOPDECK --demo --lang $lang content --limit 3 \
		>"$TEST_TMP/list-$lang.out" 2>&1
done
contains "en: content's form column by key" "$TEST_TMP/list-en.out" "  text    "
lacks "en: content's form column has no 图文" "$TEST_TMP/list-en.out" "图文"
contains "zh: content's form column in Chinese" "$TEST_TMP/list-zh.out" "  图文    "

# model/util.c's messages (a file that is not there, too large, a folder) in the language.
head -c 4200000 /dev/zero | tr '\0' '#' >"$TEST_TMP/huge.yaml"
mkdir -p "$TEST_TMP/folder.yaml"
for lang in zh en; do
	R="$RUN --lang $lang"
	expect_status "$lang: a playbook file that is not there: exit 1" 1 $R import playbook "$TEST_TMP/none.yaml"
	cp "$TEST_TMP/last.err" "$TEST_TMP/none-$lang.err"
	expect_status "$lang: a playbook file over the limit: exit 1" 1 $R import playbook "$TEST_TMP/huge.yaml"
	cp "$TEST_TMP/last.err" "$TEST_TMP/huge-$lang.err"
	expect_status "$lang: a folder for a file: exit 1" 1 $R import playbook "$TEST_TMP/folder.yaml"
	cp "$TEST_TMP/last.err" "$TEST_TMP/folder-$lang.err"
done
contains "zh: no such file, in Chinese" "$TEST_TMP/none-zh.err" "none.yaml: 文件或目录不存在"
contains "en: no such file, in English" "$TEST_TMP/none-en.err" "none.yaml: no such file or directory"
contains "zh: the size limit in Chinese" "$TEST_TMP/huge-zh.err" "huge.yaml：文件超过了 4194304 字节的上限"
contains "en: the size limit in English" "$TEST_TMP/huge-en.err" \
	"huge.yaml: file is larger than the limit of 4194304 bytes"
contains "zh: a folder in Chinese" "$TEST_TMP/folder-zh.err" "folder.yaml：读取出错：是一个目录"
contains "en: a folder in English" "$TEST_TMP/folder-en.err" "folder.yaml: read error: is a directory"

# The config file's own language: line decides the language of its later errors when
# neither --lang nor SOPDECK_LANG chose one; a line below the error decides nothing.
mkdir -p "$XDG_CONFIG_HOME/sopdeck"
printf 'language: en\nweekstart: sunday\n' >"$XDG_CONFIG_HOME/sopdeck/config.yaml"
NOLANG="env -u SOPDECK_LANG -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8"
expect_status "config language: en, then an error: exit 1" 1 $NOLANG $RUN today
contains "the file's language: en decides its error" "$TEST_TMP/last.err" \
	"sopdeck: $XDG_CONFIG_HOME/sopdeck/config.yaml:2:1: unknown key 'weekstart' (known: db,"
expect_status "SOPDECK_LANG=zh over the file's language: exit 1" 1 env SOPDECK_LANG=zh $RUN today
contains "SOPDECK_LANG=zh beats the file's language line" "$TEST_TMP/last.err" \
	"config.yaml:2:1: 未知的键 'weekstart'"
expect_status "--lang zh over the file's language: exit 1" 1 $NOLANG $RUN --lang zh today
contains "--lang zh beats the file's language line" "$TEST_TMP/last.err" \
	"config.yaml:2:1: 未知的键 'weekstart'"
printf 'weekstart: sunday\nlanguage: en\n' >"$XDG_CONFIG_HOME/sopdeck/config.yaml"
expect_status "an error above the language line: exit 1" 1 $NOLANG $RUN today
contains "a language line below the error does not decide it" "$TEST_TMP/last.err" \
	"sopdeck：$XDG_CONFIG_HOME/sopdeck/config.yaml:1:1: 未知的键 'weekstart'"
printf 'language: zh\ntheme: pink\n' >"$XDG_CONFIG_HOME/sopdeck/config.yaml"
expect_status "config language: zh under an English locale, then an error: exit 1" 1 \
	env -u SOPDECK_LANG -u LC_ALL -u LC_MESSAGES LANG=en_US.UTF-8 $RUN today
contains "the file's language: zh beats the locale for its error" "$TEST_TMP/last.err" \
	"sopdeck：$XDG_CONFIG_HOME/sopdeck/config.yaml:2:8: theme："
rm -f "$XDG_CONFIG_HOME/sopdeck/config.yaml"

# Every command in English (issue 15): no Chinese but the workspace's own data (group,
# playbook, content, metric and node names, feedback texts), each run of Chinese found
# verbatim in the database. Then the same commands in Chinese, byte for byte as before.
DEMO_EN="env XDG_DATA_HOME=$TEST_TMP/cjk $SOPDECK --demo --today 2026-03-04 --lang en"
$DEMO_EN today >/dev/null 2>&1
mkdir -p "$TEST_TMP/cjk-out"
i=0
while read -r c; do
	i=$((i + 1))
	$DEMO_EN $c >"$TEST_TMP/cjk-out/$i-$(echo "$c" | tr ' /' '__').out" 2>&1
done <<'CMDS'
today
calendar
calendar --month 2026-03
content
kpi
kpi --content
kpi --versions
groups
playbooks
ab
feedback
report --day 2026-03-04
report --week 2026-W10
report --month 2026-03
export calendar --format md
export kpi --format md
log
check
config
CMDS
if python3 - "$TEST_TMP/cjk/sopdeck/demo.db" "$TEST_TMP"/cjk-out/*.out >"$TEST_TMP/cjk.txt" <<'PY'
import re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
data = []
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
    try:
        for row in db.execute('SELECT * FROM "%s"' % t):
            data += [v for v in row if isinstance(v, str)]
    except sqlite3.Error:
        pass  # a virtual table's shadow
data = "\n".join(data)
bad = []
for path in sys.argv[2:]:
    name = path.rsplit("/", 1)[-1]
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        runs = re.findall("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+", line)
        bad += ["%s:%d: %s" % (name, n, r) for r in runs if r not in data]
print("\n".join(bad[:30]))
sys.exit(1 if bad else 0)
PY
then ok "en: every command's Chinese is the workspace's data"
else not_ok "en: every command's Chinese is the workspace's data" "$(cat "$TEST_TMP/cjk.txt")"; fi
n=$(ls "$TEST_TMP/cjk-out" | wc -l)
[ "$n" -eq 19 ] && [ -s "$TEST_TMP/cjk-out/2-calendar.out" ] && ok "en: the commands ran ($n)" ||
	not_ok "en: the commands ran ($n)" "$(ls -l "$TEST_TMP/cjk-out")"
contains "en: calendar's words" "$TEST_TMP/cjk-out/2-calendar.out" "content mix"
contains "en: calendar's rows are the actions' title_en" "$TEST_TMP/cjk-out/2-calendar.out" \
	"08:30 morning gre…"
if grep -q "、" "$TEST_TMP/cjk-out/4-content.out"; then
	not_ok "en: content joins tags with ', '" "$(grep "、" "$TEST_TMP/cjk-out/4-content.out" | head -3)"
elif grep -qE "[^ ], [^ ]" "$TEST_TMP/cjk-out/4-content.out"; then ok "en: content joins tags with ', '"
else not_ok "en: content joins tags with ', '" "$(head -5 "$TEST_TMP/cjk-out/4-content.out")"; fi
contains "en: calendar --month's words" "$TEST_TMP/cjk-out/3-calendar_--month_2026-03.out" \
	"node countdowns"
contains "en: the report's words" "$TEST_TMP/cjk-out/13-report_--week_2026-W10.out" \
	"# Weekly report 2026-W10 (3/2 (Mon) — 3/8 (Sun))"
contains "en: the calendar's Markdown table" "$TEST_TMP/cjk-out/15-export_calendar_--format_md.out" \
	"| Date | Weekday | Time | Group |"
DEMO_ZH="env XDG_DATA_HOME=$TEST_TMP/cjk $SOPDECK --demo --today 2026-03-04 --lang zh"
$DEMO_ZH calendar >"$TEST_TMP/cal-zh.out" 2>&1
contains "zh: calendar's words as they were" "$TEST_TMP/cal-zh.out" "2026-W10  2026-03-02 ~ 2026-03-08  已排 "
contains "zh: calendar's mix as it was" "$TEST_TMP/cal-zh.out" "内容配比  "
contains "zh: calendar's rows are the playbook's titles" "$TEST_TMP/cal-zh.out" "08:30 早安问候"
$DEMO_ZH content >"$TEST_TMP/content-list-zh.out" 2>&1
if grep -q "、" "$TEST_TMP/content-list-zh.out" && ! grep -qE "[^ ], [^ ]" "$TEST_TMP/content-list-zh.out"
then ok "zh: content joins tags with 、"; else not_ok "zh: content joins tags with 、" "$(head -5 "$TEST_TMP/content-list-zh.out")"; fi
$DEMO_ZH calendar --month 2026-03 >"$TEST_TMP/month-zh.out" 2>&1
contains "zh: calendar --month's countdowns as they were" "$TEST_TMP/month-zh.out" "节点倒计时"
contains "zh: a node in 【】" "$TEST_TMP/month-zh.out" " 【"
$DEMO_ZH feedback >"$TEST_TMP/fb-zh.out" 2>&1
contains "zh: feedback's heading as it was" "$TEST_TMP/fb-zh.out" "反馈四象限 (未处理/全部)"
$DEMO_ZH report --week 2026-W10 >"$TEST_TMP/rep-zh.out" 2>&1
contains "zh: the report's title as it was" "$TEST_TMP/rep-zh.out" "# 周报 2026-W10（3月2日（周一） — 3月8日（周日））"
$DEMO_ZH export calendar --format md >"$TEST_TMP/md-zh.out" 2>&1
contains "zh: the calendar's Markdown table as it was" "$TEST_TMP/md-zh.out" "| 日期 | 星期 | 时间 | 群 |"
