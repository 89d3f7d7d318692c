#!/bin/sh
# Terminal safety: hostile data (OSC 52, clear screen, colours, BEL, the C1 CSI
# U+009B) in group names, owners, content titles, bodies and tags, the playbook
# title and a template. Every tab (Today + detail, Library + detail, Calendar,
# KPI, Log + entry, Groups + its form) is opened while tmux records the raw bytes sent to the
# terminal: none of the hostile sequences is in them, and they show escaped.
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/hostile.db
RUN="$SOPDECK --db $DB --today 2026-03-04 --operator tester"
mkdir -p "$TEST_TMP/h"
python3 "$FIXTURES/hostile.py" "$TEST_TMP/h" "$FIXTURES/e2e-playbook.yaml"
check "import the hostile playbook" $RUN import playbook "$TEST_TMP/h/playbook.yaml"
check "import the hostile groups" $RUN import groups "$TEST_TMP/h/groups.yaml"
check "import the hostile content" $RUN import content "$TEST_TMP/h/content.yaml"

RAW=$TEST_TMP/raw.out
# Start recording before the console draws its first byte.
tmux_start 120 30 "sh -c 'while [ ! -f $TEST_TMP/go ]; do sleep 0.05; done; exec $RUN'"
tmux_cmd pipe-pane -t t -o "cat >>'$RAW'"
: >"$TEST_TMP/go"
see "the console starts" "5 Log"
see "Today: the group name shows escaped" "恶意群^[]52;c;SEFDS0VE^G^[[2J"
see "Today: the C1 control shows as <U+009B>" "<U+009B>31m尾"
keys Enter
see "Today detail: the template shows escaped" "模板^[]52;c;SEFDS0VE^G^[[2J"
keys Escape
keys 3
see "Library: the title shows escaped" "毒标题^[]52"
keys Enter
see "Library detail: the body shows escaped" "正文第一行^[]52;c;SEFDS0VE^G^[[2J"
keys Escape
keys 2
see "Calendar: the group name shows escaped" "恶意群^[]52"
keys 4
see "KPI: the group name shows escaped" "恶意群^[]52"
keys 5
see "Log: the playbook title shows escaped" "毒SOP^[]52;c;SEFDS0VE^G^[[2J"
keys j j Enter
see "Log entry: shown escaped" "Audit entry"
keys Escape 7
see "Groups: the group name shows escaped" "恶意群^[]52"
keys /
keys -l "恶意"
see "Groups: the filter line shows what was typed" "/ 恶意"
keys Enter e
see "Groups: the group form names the group escaped" "group 恶意群^[]52"
keys Escape q
see "q quits" "__EXITED__ 0"
tmux_cmd pipe-pane -t t

# The raw bytes: no OSC at all (nothing was copied), no BEL, no C1 CSI, and
# the hostile text only in its escaped form.
if [ -s "$RAW" ]; then ok "the raw output was recorded"; else not_ok "the raw output was recorded"; fi
raw_lacks() {
	if python3 - "$RAW" "$2" <<'PY'; then ok "$1"; else not_ok "$1" "$(od -c "$RAW" | grep -m3 -B1 -A1 '033   ]')"; fi
import sys
data = open(sys.argv[1], "rb").read()
needle = bytes.fromhex(sys.argv[2])
sys.exit(1 if needle in data else 0)
PY
}
raw_lacks "no OSC sequence reached the terminal" 1b5d
raw_lacks "no OSC 52 payload raw" 1b5d35323b
raw_lacks "no BEL reached the terminal" 07
raw_lacks "no C1 CSI (U+009B) reached the terminal" c29b
raw_lacks "no 8-bit CSI byte after a control" 079b
if grep -qF '^[]52;c;SEFDS0VE^G' "$RAW"; then ok "the raw output has the escaped form"; else
	not_ok "the raw output has the escaped form"; fi

# The command line: text output escaped, JSON with \u00XX escapes.
for cmd in today content calendar kpi log; do
	$RUN $cmd >"$TEST_TMP/$cmd.txt" 2>&1
	if python3 - "$TEST_TMP/$cmd.txt" <<'PY'; then ok "sopdeck $cmd: no control bytes"; else
import sys
d = open(sys.argv[1], "rb").read()
bad = [b for b in d if b < 0x20 and b not in (0x0a,)] or b"\xc2\x9b" in d
sys.exit(1 if bad else 0)
PY
		not_ok "sopdeck $cmd: no control bytes" "$(od -c "$TEST_TMP/$cmd.txt" | head)"; fi
done
contains "sopdeck today shows the group escaped" "$TEST_TMP/today.txt" "恶意群^[]52;c;SEFDS0VE^G^[[2J"
contains "sopdeck log shows the playbook title escaped" "$TEST_TMP/log.txt" "毒SOP^[]52"
for cmd in today content calendar kpi log; do
	$RUN $cmd --json >"$TEST_TMP/$cmd.json" 2>&1
	if python3 - "$TEST_TMP/$cmd.json" <<'PY'; then ok "sopdeck $cmd --json: valid, controls as \\u00XX"; else
import json, sys
d = open(sys.argv[1], "rb").read()
if any(b < 0x20 and b != 0x0a for b in d) or b"\xc2\x9b" in d:
    sys.exit(1)
def strings(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from strings(v)
# Decoded back, the data is intact: escaped on the wire, not lost.
sys.exit(0 if any("\x1b]52" in s for s in strings(json.loads(d))) else 1)
PY
		not_ok "sopdeck $cmd --json: valid, controls as \\u00XX" "$(head -c 600 "$TEST_TMP/$cmd.json")"; fi
done
# A failing import quotes the bad data: escaped on stderr too.
printf 'name,platform,type,created\n"坏\033]52;c;QQ==\007名",wecom,bogus-type,2026-03-01\n' >"$TEST_TMP/bad.csv"
$RUN import groups "$TEST_TMP/bad.csv" 2>"$TEST_TMP/bad.err"
if grep -q "$(printf '\033')" "$TEST_TMP/bad.err"; then
	not_ok "an import error does not echo raw escapes" "$(od -c "$TEST_TMP/bad.err" | head -5)"; else
	ok "an import error does not echo raw escapes"; fi
