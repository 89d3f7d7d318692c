#!/bin/sh
# Shell completion: `sopdeck complete` (from the command table and the database,
# sanitised, never creating a database) and the bash and zsh scripts driven as the
# shells drive them: `sopdeck to<TAB>` offers today, `--group <TAB>` a Chinese group.
. "$(dirname "$0")/../lib.sh"

COMP=$(cd "$(dirname "$0")/../../completion" && pwd)
DB=$TEST_TMP/comp.db
RUN="$SOPDECK --db $DB"

# Nothing is offered, and nothing created, where there is no database.
out=$($RUN complete groups)
if [ -z "$out" ] && [ ! -e "$DB" ]; then ok "complete groups: no database, no names, none created"
else not_ok "complete groups: no database, no names, none created" "$out"; fi

check "import groups" $RUN import groups "$FIXTURES/groups.yaml"
check "import content" $RUN import content "$FIXTURES/content.yaml"
printf -- '- name: "坏$(touch %s/pwned)群"\n  platform: wecom\n  type: service\n  created: 2026-01-01\n' \
	"$TEST_TMP" >"$TEST_TMP/hostile.yaml"
check "import a hostile group name" $RUN import groups "$TEST_TMP/hostile.yaml"
# An import refuses control characters; another program writing the database may not.
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(
"insert into chat_group(name, platform, type, created) values (?, ?, ?, ?)",
("esc\x1b[31m红\n第二行", "wecom", "service", "2026-01-01")); c.commit()' "$DB"

$RUN complete groups >"$TEST_TMP/groups.txt"
contains "complete groups: a Chinese name" "$TEST_TMP/groups.txt" "宝妈育儿交流群"
if grep -q "$(printf '\033')" "$TEST_TMP/groups.txt" || grep -qx "第二行" "$TEST_TMP/groups.txt" ||
	! grep -q "红" "$TEST_TMP/groups.txt"; then
	not_ok "complete groups: names sanitised" "$(cat -v "$TEST_TMP/groups.txt")"
else ok "complete groups: names sanitised"; fi
$RUN complete actions >"$TEST_TMP/actions.txt"
contains "complete actions: the playbook's ids" "$TEST_TMP/actions.txt" "morning"
$RUN complete tags >"$TEST_TMP/tags.txt"
contains "complete tags" "$TEST_TMP/tags.txt" "早安"
$RUN complete playbooks >"$TEST_TMP/pb.txt"
if [ "$(wc -l <"$TEST_TMP/pb.txt")" -eq 1 ] && [ -s "$TEST_TMP/pb.txt" ]; then
	ok "complete playbooks: the name once"; else not_ok "complete playbooks: the name once" "$(cat "$TEST_TMP/pb.txt")"; fi
$RUN complete options today >"$TEST_TMP/opts.txt"
for o in --group --json --db --help; do contains "complete options today: $o" "$TEST_TMP/opts.txt" "$o"; done
lacks "complete options today: no --version" "$TEST_TMP/opts.txt" "--version"
$RUN complete valued schedule >"$TEST_TMP/valued.txt"
if grep -qx -- --group "$TEST_TMP/valued.txt" && ! grep -qx -- --undo "$TEST_TMP/valued.txt"; then
	ok "complete valued: the options that take a value"; else not_ok "complete valued" "$(cat "$TEST_TMP/valued.txt")"; fi
expect_status "complete of an unknown kind: usage error" 2 $RUN complete grops
contains "complete grops: did you mean" "$TEST_TMP/last.err" "unexpected argument 'grops'"

# ---- bash, as its completion machinery calls the function ----
cat >"$TEST_TMP/bash-test.sh" <<'EOB'
. "$COMP/sopdeck.bash"
complete -p sopdeck >/dev/null || echo "not registered"
t() { COMP_WORDS=("$SOPDECK" "$@"); COMP_CWORD=$#; COMPREPLY=(); _sopdeck
	printf '%s\n' "${COMPREPLY[@]}"; }
echo "== to"; t to
echo "== group"; t --db "$DB" today --group ""
echo "== group-prefix"; t --db "$DB" today --group 宝
echo "== option"; t --db "$DB" calendar --we
echo "== import"; t --db "$DB" import ""
echo "== help"; t help sch
echo "== action"; t --db "$DB" schedule --action mor
echo "== hostile"; t --db "$DB" today --group 坏
echo "== lang"; t --lang en --db "$DB" today --group 宝
echo "== langval"; t --lang ""
echo "== setpb"; t --db "$DB" group set 宝妈育儿交流群 --playbook ""
echo "== tick"; t --db "$DB" tick 宝
echo "== tick-nobreak"; COMP_WORDBREAKS=${COMP_WORDBREAKS//:/} t --db "$DB" tick 宝妈育儿交流群:mor
echo "== tick-split"; t --db "$DB" tick 宝妈育儿交流群 : mor
echo "== untick-colon"; t --db "$DB" untick 宝妈育儿交流群 :
echo "== end"
EOB
COMP=$COMP DB=$DB SOPDECK=$SOPDECK bash "$TEST_TMP/bash-test.sh" >"$TEST_TMP/bash.out" 2>&1
section() { sed -n "/^== $1\$/,/^== /p" "$TEST_TMP/bash.out" | grep -v '^== '; }
[ "$(section to)" = today ] && ok "bash: sopdeck to<TAB> offers today" ||
	not_ok "bash: sopdeck to<TAB> offers today" "$(cat "$TEST_TMP/bash.out")"
section group | grep -qx 宝妈育儿交流群 && ok "bash: today --group <TAB> offers a Chinese group" ||
	not_ok "bash: today --group <TAB> offers a Chinese group" "$(cat "$TEST_TMP/bash.out")"
[ "$(section group-prefix)" = 宝妈育儿交流群 ] && ok "bash: --group 宝<TAB> completes the one name" ||
	not_ok "bash: --group 宝<TAB> completes the one name" "$(section group-prefix)"
[ "$(section option)" = --week ] && ok "bash: calendar --we<TAB> offers --week" ||
	not_ok "bash: calendar --we<TAB> offers --week" "$(section option)"
[ "$(section import | tr '\n' ' ')" = "playbook groups content kpi calendar " ] &&
	ok "bash: import <TAB> offers the kinds" || not_ok "bash: import <TAB> offers the kinds" "$(section import)"
[ "$(section help)" = schedule ] && ok "bash: help sch<TAB>" || not_ok "bash: help sch<TAB>" "$(section help)"
[ "$(section action)" = morning ] && ok "bash: --action mor<TAB> offers an action id" ||
	not_ok "bash: --action mor<TAB> offers an action id" "$(section action)"
h=$(section hostile)
if [ ! -e "$TEST_TMP/pwned" ] && [ -n "$h" ] && case $h in *'\$\('*) true ;; *) false ;; esac; then
	ok "bash: a hostile group name is offered quoted, never run"
else not_ok "bash: a hostile group name is offered quoted, never run" "$h"; fi
lacks "bash: the script loads without errors" "$TEST_TMP/bash.out" "not registered"
[ "$(section lang)" = 宝妈育儿交流群 ] && ok "bash: --lang en before the command: --group 宝<TAB>" ||
	not_ok "bash: --lang en before the command: --group 宝<TAB>" "$(section lang)"
[ "$(section langval | tr '\n' ' ')" = "zh en " ] && ok "bash: --lang <TAB> offers zh en" ||
	not_ok "bash: --lang <TAB> offers zh en" "$(section langval)"
[ "$(section setpb)" = "$(bash -c 'printf %q "$(cat "$1")"' - "$TEST_TMP/pb.txt")" ] && ok "bash: group set --playbook <TAB> offers playbooks" ||
	not_ok "bash: group set --playbook <TAB> offers playbooks" "$(section setpb)"
section tick | grep -qx "宝妈育儿交流群:morning" && ok "bash: tick 宝<TAB> offers today's GROUP:ACTION ids" ||
	not_ok "bash: tick 宝<TAB> offers today's GROUP:ACTION ids" "$(section tick)"
[ "$(section tick-nobreak)" = "宝妈育儿交流群:morning" ] &&
	ok "bash: tick GROUP:mor<TAB> without ':' in COMP_WORDBREAKS: the whole id" ||
	not_ok "bash: tick GROUP:mor<TAB> without ':' in COMP_WORDBREAKS: the whole id" "$(section tick-nobreak)"
[ "$(section tick-split)" = morning ] && ok "bash: tick split at the colon completes the action" ||
	not_ok "bash: tick split at the colon completes the action" "$(section tick-split)"
section untick-colon | grep -qx morning && ok "bash: untick GROUP:<TAB> offers its actions" ||
	not_ok "bash: untick GROUP:<TAB> offers its actions" "$(section untick-colon)"

# ---- zsh: the function with compadd and _files standing in for the completion system ----
if command -v zsh >/dev/null 2>&1; then
	cat >"$TEST_TMP/zsh-test.zsh" <<'EOZ'
compadd() { if [[ $1 == -a ]]; then print -rl -- ${(P)2}; else print -rl -- "$@"; fi }
_call_program() { shift; eval "$@"; }
_files() { print FILES; }
source "$COMP/_sopdeck" >/dev/null
t() { words=("$SOPDECK" "$@"); CURRENT=$(( $# + 1 )); _sopdeck | tr '\n' ' '; print }
print -n "to: "; t to
print -n "group: "; t --db "$DB" today --group ""
print -n "import: "; t --db "$DB" import ""
print -n "backup: "; t backup ""
print -n "tick: "; t --db "$DB" tick ""
print -n "lang: "; t --lang en --db "$DB" today --group ""
print -n "setpb: "; t --db "$DB" group set x --playbook ""
EOZ
	COMP=$COMP DB=$DB SOPDECK=$SOPDECK zsh -f "$TEST_TMP/zsh-test.zsh" >"$TEST_TMP/zsh.out" 2>&1
	if grep -q '^to: .*today' "$TEST_TMP/zsh.out" && grep -q '^group: .*宝妈育儿交流群' "$TEST_TMP/zsh.out" &&
		grep -q '^import: playbook groups content kpi calendar' "$TEST_TMP/zsh.out" &&
		grep -q '^backup: FILES' "$TEST_TMP/zsh.out" &&
		grep -q '^tick: .*宝妈育儿交流群:morning' "$TEST_TMP/zsh.out" &&
		grep -q '^lang: .*宝妈育儿交流群' "$TEST_TMP/zsh.out" &&
		grep -qF "setpb: $(cat "$TEST_TMP/pb.txt")" "$TEST_TMP/zsh.out"; then
		ok "zsh: commands, a Chinese group, import kinds, files, tick ids, --lang, playbooks"
	else not_ok "zsh: commands, a Chinese group, import kinds, files, tick ids, --lang, playbooks" \
		"$(cat "$TEST_TMP/zsh.out")"; fi
else
	not_ok "zsh is installed (tools/deps.sh)"
fi
