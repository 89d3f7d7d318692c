#!/bin/sh
# One command table: --help and `help SUB` generated from it, SUB --help for every
# command, "did you mean" for commands and options, and the man pages: lint clean
# and naming every command and option of the table, their examples importable.
. "$(dirname "$0")/../lib.sh"

MAN1=$(cd "$(dirname "$0")/../../docs/man" && pwd)/sopdeck.1
MAN5=$(dirname "$MAN1")/sopdeck-formats.5
DB=$TEST_TMP/help.db
RUN="$SOPDECK --db $DB"

expect_status "--help exits 0" 0 $RUN --help
cp "$TEST_TMP/last.out" "$TEST_TMP/help.txt"
commands=$($SOPDECK complete commands)
if [ "$(echo "$commands" | wc -l)" -ge 16 ] && echo "$commands" | grep -qx today &&
	! echo "$commands" | grep -qx complete; then
	ok "complete commands: the table's rows, the hidden one left out"
else not_ok "complete commands: the table's rows, the hidden one left out" "$commands"; fi

# Each command's --help and option list are read once (into $TEST_TMP/cmd/) and reused by
# the checks below: a sanitized start costs ~0.1 s of CPU.
mkdir -p "$TEST_TMP/cmd"
for c in $commands; do
	"$SOPDECK" --db "$DB" "$c" --help >"$TEST_TMP/sub.txt" 2>"$TEST_TMP/sub.err"
	st=$?
	sed '/^$/q' "$TEST_TMP/sub.txt" >"$TEST_TMP/cmd/$c.usage"
	$SOPDECK complete options "$c" >"$TEST_TMP/cmd/$c.options"
	"$SOPDECK" --db "$DB" help "$c" >"$TEST_TMP/helpsub.txt" 2>&1
	first=$(head -1 "$TEST_TMP/sub.txt")
	summary=$(sed -n '/^$/{n;p;q}' "$TEST_TMP/sub.txt")
	if [ "$st" -eq 0 ] && [ ! -s "$TEST_TMP/sub.err" ] &&
		cmp -s "$TEST_TMP/sub.txt" "$TEST_TMP/helpsub.txt" &&
		case $first in "usage: sopdeck $c"*) true ;; *) false ;; esac &&
		grep -qF -- "  sopdeck $c" "$TEST_TMP/help.txt" &&
		[ -n "$summary" ] && grep -qF -- "$summary" "$TEST_TMP/help.txt"; then
		ok "$c --help = help $c, exit 0, in --help with its summary"
	else
		not_ok "$c --help = help $c, exit 0, in --help with its summary" "exit $st" \
			"$(cat "$TEST_TMP/sub.txt" "$TEST_TMP/sub.err")"
	fi
done
expect_status "import groups --help: the import's usage, nothing imported" 0 \
	$RUN import groups --help
contains "import groups --help prints the usage" "$TEST_TMP/last.out" "usage: sopdeck import"
if [ ! -e "$DB" ]; then ok "no --help opened the database"; else not_ok "no --help opened the database"; fi

expect_status "unknown command: exit 2" 2 $RUN todya
contains "todya: did you mean 'today'?" "$TEST_TMP/last.err" "unknown command 'todya'; did you mean 'today'?"
expect_status "help of an unknown command: exit 2" 2 $RUN help calender
contains "calender: did you mean 'calendar'?" "$TEST_TMP/last.err" "did you mean 'calendar'?"
expect_status "a word far from every command" 2 $RUN frobnicate
lacks "no suggestion for a word far from every command" "$TEST_TMP/last.err" "did you mean"
expect_status "unknown option: exit 2" 2 $RUN today --grup x
contains "--grup: did you mean '--group'?" "$TEST_TMP/last.err" "unknown option '--grup'; did you mean '--group'?"
contains "the usage error points at help today" "$TEST_TMP/last.err" "(see sopdeck help today)"
expect_status "kpi --dyas" 2 $RUN kpi --dyas 3
contains "--dyas: did you mean '--days'?" "$TEST_TMP/last.err" "did you mean '--days'?"
expect_status "log --verfy" 2 $RUN log --verfy
contains "--verfy: did you mean '--verify'?" "$TEST_TMP/last.err" "did you mean '--verify'?"
expect_status "schedule --copyweek" 2 $RUN schedule --copyweek 2026-W10
contains "--copyweek: did you mean '--copy-week'?" "$TEST_TMP/last.err" "did you mean '--copy-week'?"
expect_status "import gropus" 2 $RUN import gropus x.yaml
contains "gropus: did you mean 'groups'?" "$TEST_TMP/last.err" "unknown kind 'gropus'; did you mean 'groups'?"
expect_status "export calender" 2 $RUN export calender
contains "export calender: did you mean 'calendar'?" "$TEST_TMP/last.err" "did you mean 'calendar'?"
expect_status "export content --tga" 2 $RUN export content --tga x
contains "--tga: did you mean '--tag'?" "$TEST_TMP/last.err" "did you mean '--tag'?"
# The usage says every option the command's row takes (init --timezone, calendar --mine ...).
missing=""
# missing_in FILE C: C's options (but the global ones) that FILE does not name, as " C:--opt".
missing_in() {
	awk -v c="$2" 'NR == FNR { text = text $0 "\n"; next }
		$0 !~ /^--(db|today|operator|lang|demo|no-mouse|help)$/ && !index(text, $0) {
			printf " %s:%s", c, $0 }' "$1" "$TEST_TMP/cmd/$2.options"
}
for c in $commands; do
	missing="$missing$(missing_in "$TEST_TMP/cmd/$c.usage" "$c")"
done
if [ -z "$missing" ]; then ok "every command's usage names each of its options"; else
	not_ok "every command's usage names each of its options" "missing:$missing"; fi
# A line break never falls inside a bracketed group: "[--from" and "D]" stay on one line.
split=""
SOPDECK_LANG=zh "$SOPDECK" --help >"$TEST_TMP/help-zh.txt"
for c in $commands; do
	cat "$TEST_TMP/cmd/$c.usage" "$TEST_TMP/help-zh.txt" "$TEST_TMP/help.txt" >"$TEST_TMP/usage.txt"
	split="$split$(awk '/^ *sopdeck |^usage:|^用法|^   *\[|^   *--/ {
		o = gsub(/\[/, "["); c = gsub(/\]/, "]"); if (o != c) print "#" $0 }' "$TEST_TMP/usage.txt")"
done
if [ -z "$split" ]; then ok "usage lines keep each [ ] group whole (80 columns)"; else
	not_ok "usage lines keep each [ ] group whole (80 columns)" "$split"; fi
expect_status "content add --titel: usage error" 2 $RUN content add --titel x
contains "content add --titel: did you mean '--title'?" "$TEST_TMP/last.err" "did you mean '--title'?"
expect_status "complete --help: exit 0" 0 $RUN complete --help
contains "complete --help prints its usage" "$TEST_TMP/last.out" "usage: sopdeck complete"
expect_status "today --version: usage error" 2 $RUN today --version
lacks "today --version: no 'did you mean' itself" "$TEST_TMP/last.err" "did you mean '--version'"
$RUN today --x"$(printf '\033')[31m" >/dev/null 2>"$TEST_TMP/esc.err"
if grep -q "$(printf '\033')" "$TEST_TMP/esc.err"; then
	not_ok "an unknown option's controls are sanitised" "$(cat -v "$TEST_TMP/esc.err")"
else ok "an unknown option's controls are sanitised"; fi

# ---- man pages ----
lint() { # FILE: groff with every warning, mandoc's lint (style too) and man -l, all silent
	out=$(groff -k -Tutf8 -ww -man -z "$1" 2>&1)
	if command -v mandoc >/dev/null 2>&1; then
		out="$out$(mandoc -T lint "$1" 2>&1)"
	fi
	# man -l reads the page's encoding from its first line ('\" -*- coding: UTF-8 -*-').
	if command -v man >/dev/null 2>&1; then
		out="$out$(MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$1" 2>&1 >/dev/null)"
	fi
	if [ -z "$out" ]; then ok "$(basename "$1") lints clean"; else
		not_ok "$(basename "$1") lints clean" "$out"; fi
}
render() { groff -k -Tutf8 -man -P-cbou "$1" 2>/dev/null | sed 's/−/-/g; s/‐/-/g'; }
if command -v groff >/dev/null 2>&1; then
	lint "$MAN1"
	lint "$MAN5"
	render "$MAN1" >"$TEST_TMP/man1.txt"
	sed -n '/^COMMANDS/,/^CONSOLE KEYS/p' "$TEST_TMP/man1.txt" >"$TEST_TMP/man1-cmds.txt"
	missing=""
	for c in $commands; do
		grep -qE "(^|[ ,])$c( |,|$)" "$TEST_TMP/man1-cmds.txt" || missing="$missing $c"
		# The man page names the global options too (in OPTIONS).
		missing="$missing$(awk -v c="$c" 'NR == FNR { text = text $0 "\n"; next }
			!index(text, $0) { printf " %s:%s", c, $0 }' "$TEST_TMP/man1.txt" \
			"$TEST_TMP/cmd/$c.options")"
	done
	if [ -z "$missing" ]; then ok "sopdeck(1) has every command and option of the table"; else
		not_ok "sopdeck(1) has every command and option of the table" "missing:$missing"; fi
	# Every key of the console's help tables (tui/app.c, tui/view-*.c, tui/widget.h).
	TUI=$(cd "$(dirname "$0")/../../tui" && pwd)
	{
		grep -hoE '^	\{"[^"]*", (N_\()?"' "$TUI"/view-*.c | sed -E 's/^	\{"//; s/", (N_\()?"$//'
		grep -o '^	{{[^}]*}, "[^"]*"' "$TUI/app.c" | sed 's/.*}, "//; s/"$//'
		sed -n '/define WIDGET_LIST_KEYS/,/^$/p;/define WIDGET_INPUT_KEYS/,/^$/p' "$TUI/widget.h" |
			grep -o '{"[^"]*"' | sed 's/{"//; s/"$//'
	} | sort -u >"$TEST_TMP/keys.txt"
	missing="$missing$(awk 'NR == FNR { text = text $0 "\n"; next }
		!index(text, $0) { printf " '"'"'%s'"'"'", $0 }' "$TEST_TMP/man1.txt" "$TEST_TMP/keys.txt")"
	if [ -z "$missing" ] && [ "$(wc -l <"$TEST_TMP/keys.txt")" -ge 30 ]; then
		ok "sopdeck(1) has every key of the console's help tables"
	else not_ok "sopdeck(1) has every key of the console's help tables" "missing:$missing"; fi
	for k in "Space x" "Tab S-Tab" "^L" "M C" "a e d" "SOPDECK_DB" "SOPDECK_TODAY" \
		"SOPDECK_SHARED" "XDG_CONFIG_HOME" "EXIT STATUS" "config.yaml" "先导入群和内容"; do
		grep -qF -- "$k" "$TEST_TMP/man1.txt" || missing="$missing '$k'"
	done
	if [ -z "$missing" ]; then ok "sopdeck(1): keys, environment, files, exit status, Chinese examples"
	else not_ok "sopdeck(1): keys, environment, files, exit status, Chinese examples" "missing:$missing"; fi

	# The minimal examples in sopdeck-formats(5) import as they are printed.
	render "$MAN5" >"$TEST_TMP/man5.txt"
	block() { # FIRST-LINE LAST-PATTERN: the example from FIRST-LINE to LAST, de-indented
		awk -v a="$1" -v b="$2" 'index($0, a) { on = 1 } on { sub(/^       /, ""); print }
			on && $0 ~ b { exit }' "$TEST_TMP/man5.txt"
	}
	block "playbook: 最小SOP" "^  - \\{id: morning" >"$TEST_TMP/ex-playbook.yaml"
	block "- name: 宝妈育儿交流群" "positioning:" >"$TEST_TMP/ex-groups.yaml"
	block "群名,平台,类型" "^职场穿搭" >"$TEST_TMP/ex-groups.csv"
	block "- title: 宝宝辅食" "太早加盐" >"$TEST_TMP/ex-content.yaml"
	block "日期,群名,群成员数" "^2026-03-01" >"$TEST_TMP/ex-kpi.csv"
	EX="$SOPDECK --db $TEST_TMP/ex.db"
	check "formats(5) playbook example imports" $EX import playbook "$TEST_TMP/ex-playbook.yaml"
	check "formats(5) groups YAML example imports" $EX import groups "$TEST_TMP/ex-groups.yaml"
	check "formats(5) groups CSV example imports" $EX import groups "$TEST_TMP/ex-groups.csv"
	check "formats(5) content example imports" $EX import content "$TEST_TMP/ex-content.yaml"
	check "formats(5) KPI example imports" $EX import kpi "$TEST_TMP/ex-kpi.csv"
	n=$($EX today | grep -c 早安问候)
	if [ "$n" -eq 2 ]; then ok "the example playbook's action is due for both example groups"; else
		not_ok "the example playbook's action is due for both example groups" "$($EX today)"; fi
else
	not_ok "groff is installed (tools/deps.sh)"
fi

# make install puts the man pages and completions where man and the shells look.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
if [ -x "$ROOT/sopdeck" ] && make -s -o all -C "$ROOT" install PREFIX=/usr DESTDIR="$TEST_TMP/inst" \
	>"$TEST_TMP/install.log" 2>&1; then
	for f in bin/sopdeck share/man/man1/sopdeck.1 share/man/man5/sopdeck-formats.5 \
		share/bash-completion/completions/sopdeck share/zsh/site-functions/_sopdeck; do
		[ -f "$TEST_TMP/inst/usr/$f" ] || missing="$missing $f"
	done
	make -s -C "$ROOT" uninstall PREFIX=/usr DESTDIR="$TEST_TMP/inst" >/dev/null 2>&1
	left=$(find "$TEST_TMP/inst" -type f | wc -l)
	if [ -z "$missing" ] && [ "$left" -eq 0 ]; then ok "make install / uninstall: man pages, completions"
	else not_ok "make install / uninstall: man pages, completions" "missing:$missing, $left left"; fi
fi
