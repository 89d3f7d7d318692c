#!/bin/sh
# Issue 15's languages on the command line: every msgid of the sources translated in
# po/zh_CN.po (and msgfmt happy with it), the help in Chinese and English within 80
# columns, and the language chosen by --lang, SOPDECK_LANG, the config, the locale, or
# Chinese by default.
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
rm -f "$XDG_CONFIG_HOME/sopdeck/config.yaml"
