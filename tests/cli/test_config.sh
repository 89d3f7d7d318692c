#!/bin/sh
# The config file $XDG_CONFIG_HOME/sopdeck/config.yaml: precedence (flag > environment >
# config > default), `sopdeck config` saying where each value came from (text and
# JSON), and every kind of error with file:line:col and exit 1.
. "$(dirname "$0")/../lib.sh"

CFG_DIR=$XDG_CONFIG_HOME/sopdeck
CFG=$CFG_DIR/config.yaml
mkdir -p "$CFG_DIR"
unset SOPDECK_DB

# No file: defaults, and the environment lib.sh sets.
expect_status "config without a file" 0 "$SOPDECK" config
contains "the file looked for is named" "$TEST_TMP/last.out" "$CFG  (not found"
contains "today from the environment" "$TEST_TMP/last.out" "[env SOPDECK_TODAY]"
contains "operator defaults to \$USER" "$TEST_TMP/last.out" "[default (\$USER)]"
contains "timezone default" "$TEST_TMP/last.out" "Asia/Shanghai  [default]"
# In Chinese the kind of source is Chinese too (the flag or variable after it is not).
expect_status "config in Chinese" 0 "$SOPDECK" --lang zh config
contains "源：环境变量" "$TEST_TMP/last.out" "[环境变量 SOPDECK_TODAY]"
contains "源：默认" "$TEST_TMP/last.out" "Asia/Shanghai  [默认]"
contains "源：参数" "$TEST_TMP/last.out" "zh  [参数 --lang]"
expect_status "config --json in Chinese" 0 "$SOPDECK" --lang zh config --json
contains "JSON keeps the English kind" "$TEST_TMP/last.out" '"source":"env"'

cat >"$CFG" <<EOC
# my settings
db: $TEST_TMP/from-config.db
operator: 林小雨
timezone: Asia/Shanghai
language: zh
theme: dark
week_start: sunday
default_view: calendar
keys:
  quit: Q
  help: F1
  search: ^F
EOC
expect_status "config with a file" 0 "$SOPDECK" config --json
cp "$TEST_TMP/last.out" "$TEST_TMP/cfg.json"
if python3 - "$TEST_TMP/cfg.json" "$CFG" "$TEST_TMP/from-config.db" <<'EOP'
import json, sys
d = json.load(open(sys.argv[1]))
cfg, db = sys.argv[2], sys.argv[3]
s = d["settings"]
assert d["file"] == cfg and d["found"] is True, d
assert s["db"] == {"value": db, "source": "config", "origin": f"config {cfg}:2", "file": cfg,
                   "line": 2, "used": True}, s["db"]
assert s["operator"]["value"] == "林小雨" and s["operator"]["line"] == 3, s["operator"]
assert s["today"]["source"] == "env" and s["today"]["value"] == "2026-03-04", s["today"]
# The console applies theme, week_start, default_view, mouse, keys and language; timezone not yet.
assert s["theme"]["value"] == "dark" and s["theme"]["line"] == 6 and s["theme"]["used"]
assert s["mouse"]["value"] == "true" and s["mouse"]["source"] == "default" and s["mouse"]["used"]
assert s["language"]["used"]
assert s["week_start"]["value"] == "sunday" and s["default_view"]["value"] == "calendar"
k = d["keys"]
assert k["quit"]["value"] == "Q" and k["quit"]["line"] == 10, k["quit"]
assert k["search"]["value"] == "^F" and k["search"]["source"] == "config"
assert k["redraw"] == {"value": "^L", "source": "default", "origin": "default", "file": None,
                       "line": None, "used": True}, k["redraw"]
EOP
then ok "config --json: values, sources, file:line"; else not_ok "config --json: values, sources, file:line"; fi

# Precedence: config > default for db and operator, and the config's values are used.
check "a tick with the config's db and operator" "$SOPDECK" import groups "$FIXTURES/groups.yaml"
check "tick" "$SOPDECK" tick 1:morning
if [ -f "$TEST_TMP/from-config.db" ] && "$SOPDECK" log --kind tick | grep -q "林小雨 *tick"; then
	ok "config: db and operator applied (the tick is 林小雨's, in the config's db)"
else not_ok "config: db and operator applied" "$("$SOPDECK" log 2>&1 | head -5)"; fi
# env > config
SOPDECK_DB=$TEST_TMP/from-env.db SOPDECK_OPERATOR=env-op "$SOPDECK" config >"$TEST_TMP/env.txt"
contains "SOPDECK_DB beats the config" "$TEST_TMP/env.txt" "$TEST_TMP/from-env.db  [env SOPDECK_DB]"
contains "SOPDECK_OPERATOR beats the config" "$TEST_TMP/env.txt" "env-op  [env SOPDECK_OPERATOR]"
# flag > env > config
SOPDECK_DB=$TEST_TMP/from-env.db SOPDECK_OPERATOR=env-op "$SOPDECK" config --db "$TEST_TMP/flag.db" \
	--operator flag-op --today 2026-05-01 >"$TEST_TMP/flag.txt"
contains "--db beats the environment" "$TEST_TMP/flag.txt" "$TEST_TMP/flag.db  [flag --db]"
contains "--operator beats the environment" "$TEST_TMP/flag.txt" "flag-op  [flag --operator]"
contains "--today beats the environment" "$TEST_TMP/flag.txt" "2026-05-01  [flag --today]"
contains "the rest still from the config" "$TEST_TMP/flag.txt" "dark  [config $CFG:6]"
# ~/ is the home directory.
printf 'db: ~/x/sopdeck.db\n' >"$CFG"
HOME=$TEST_TMP/home "$SOPDECK" config >"$TEST_TMP/home.txt"
contains "db: ~/ expands to \$HOME" "$TEST_TMP/home.txt" "$TEST_TMP/home/x/sopdeck.db  [config $CFG:1]"
# An empty file, and a null document, are no settings.
: >"$CFG"
check "an empty config file" "$SOPDECK" config
printf -- '---\n' >"$CFG"
check "a null document" "$SOPDECK" config

# Errors: exit 1, file:line:col, nothing run.
bad() { # NAME WANT (file:line:col: ...) CONTENT
	printf '%s' "$3" >"$CFG"
	"$SOPDECK" today >"$TEST_TMP/bad.out" 2>"$TEST_TMP/bad.err"
	st=$?
	if [ "$st" -eq 1 ] && grep -qF -- "sopdeck: $CFG:$2" "$TEST_TMP/bad.err" &&
		[ ! -s "$TEST_TMP/bad.out" ]; then ok "error: $1"
	else not_ok "error: $1" "exit $st" "$(cat "$TEST_TMP/bad.err")"; fi
}
bad "bad YAML" "3:1: bad YAML: did not find expected ',' or '}'" 'db: /tmp/x
keys: {quit: q
'
bad "unknown key" "2:1: unknown key 'evry'" 'operator: a
evry: day
'
bad "a list where a path goes" "1:5: db: want a text value, not a list" 'db: [a, b]
'
bad "a mapping where a name goes" "1:11: operator: want a text value, not a mapping" 'operator: {a: 1}
'
bad "a value not among the choices" "2:13: week_start: 'tuesday' is not one of monday|sunday" 'theme: mono
week_start: tuesday
'
bad "a bad time zone" "1:11: timezone: '../../etc/passwd'" 'timezone: ../../etc/passwd
'
bad "no value" "1:10: operator: needs a value" 'operator:
'
bad "set twice" "2:1: 'db' is set twice" 'db: /a
db: /b
'
bad "keys not a mapping" "1:7: keys: want a mapping" 'keys: q
'
bad "an unknown action" "2:3: keys: unknown action 'qiut'" 'keys:
  qiut: q
'
bad "not a key" "3:11: keys: search: 'ctrl-f' is not a key" 'keys:
  quit: q
  search: ctrl-f
'
bad "a setting list, not a mapping" "1:1: want a mapping of settings" '- db: /a
'
bad "two documents" "2:1: one YAML document only" 'db: /a
--- {db: /b}
'
bad "an alias" "2:11: operator: want a text value, not an alias" 'db: &x /a
operator: *x
'
# Help still helps with a broken config, and config's own errors are the same.
printf 'evry: day\n' >"$CFG"
expect_status "--help with a broken config" 0 "$SOPDECK" --help
expect_status "today --help with a broken config" 0 "$SOPDECK" today --help
expect_status "config with a broken config: exit 1" 1 "$SOPDECK" config
contains "config says where" "$TEST_TMP/last.err" "$CFG:1:1: unknown key 'evry'"
# Control characters in a value are refused, not printed.
printf 'operator: "a\\e[31mb"\n' >"$CFG"
expect_status "control characters in a value" 1 "$SOPDECK" config
if grep -q "$(printf '\033')" "$TEST_TMP/last.err"; then not_ok "no escape reaches the terminal"
else ok "no escape reaches the terminal"; fi
rm -f "$CFG"

# timezone: the zone init gives a new workspace when --timezone is not given.
printf 'timezone: America/Los_Angeles\n' >"$CFG"
check "init takes the config's timezone" "$SOPDECK" --db "$TEST_TMP/tz.db" init
contains "...and says so" "$TEST_TMP/last.out" "America/Los_Angeles"
check "config shows it" "$SOPDECK" --db "$TEST_TMP/tz.db" config
contains "...from the config file" "$TEST_TMP/last.out" "America/Los_Angeles"
check "--timezone beats the config" "$SOPDECK" --db "$TEST_TMP/tz2.db" init --timezone UTC
contains "...UTC" "$TEST_TMP/last.out" "UTC"
# `config` says the zone in effect: a workspace keeps its own over the file's.
check "config with a workspace on UTC" "$SOPDECK" --db "$TEST_TMP/tz2.db" config
contains "the workspace's zone, not the file's" "$TEST_TMP/last.out" \
	"timezone      UTC  [workspace $TEST_TMP/tz2.db]"
SOPDECK_TZ=Asia/Tokyo "$SOPDECK" --db "$TEST_TMP/tz2.db" config >"$TEST_TMP/last.out" 2>&1
contains "SOPDECK_TZ over the workspace" "$TEST_TMP/last.out" "timezone      Asia/Tokyo  [env SOPDECK_TZ]"
check "config before the workspace exists" "$SOPDECK" --db "$TEST_TMP/tz3.db" config
contains "...the file's zone, which a new workspace takes" "$TEST_TMP/last.out" \
	"timezone      America/Los_Angeles  [config $CFG:1]"
if [ ! -e "$TEST_TMP/tz3.db" ]; then ok "config creates no database"; else not_ok "config creates no database"; fi
# A workspace made on first use (not init) takes the file's zone as init does.
check "first use: groups" "$SOPDECK" --db "$TEST_TMP/tz3.db" groups
rm -f "$CFG"
check "config without the file" "$SOPDECK" --db "$TEST_TMP/tz3.db" config
contains "first use stored the config's zone in the workspace" "$TEST_TMP/last.out" \
	"timezone      America/Los_Angeles  [workspace $TEST_TMP/tz3.db]"
lacks "all settings used: no '*' footnote" "$TEST_TMP/last.out" "not used by the console yet"
# A database this sopdeck cannot open (a newer schema): said on stderr, the settings still shown.
check "a workspace to age" "$SOPDECK" --db "$TEST_TMP/newer.db" groups
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("pragma user_version = 999"); c.commit()' \
	"$TEST_TMP/newer.db"
expect_status "config with a database of a newer sopdeck: exit 0" 0 "$SOPDECK" --db "$TEST_TMP/newer.db" config
contains "...the settings printed" "$TEST_TMP/last.out" "timezone      Asia/Shanghai  [default]"
contains "...the database's problem said" "$TEST_TMP/last.err" "newer"
# today in `config` is the workspace's day, as every command takes it, not the server's date.
env -u SOPDECK_TODAY SOPDECK_NOW=2026-03-05T03:00:00Z TZ=UTC "$SOPDECK" --db "$TEST_TMP/tz3.db" config \
	>"$TEST_TMP/last.out" 2>&1
contains "config: today in the workspace's zone (Los Angeles, still the 4th)" "$TEST_TMP/last.out" \
	"today         2026-03-04  [default (today in the workspace's time zone)]"
env -u SOPDECK_TODAY SOPDECK_NOW=2026-03-04T23:30:00Z TZ=UTC SOPDECK_TZ=Asia/Shanghai \
	"$SOPDECK" --db "$TEST_TMP/tz4.db" config >"$TEST_TMP/last.out" 2>&1
contains "config, no workspace yet: today in SOPDECK_TZ (Beijing, the 5th)" "$TEST_TMP/last.out" \
	"today         2026-03-05  [default (today in the workspace's time zone)]"
SOPDECK_LANG=zh "$SOPDECK" --db "$TEST_TMP/tz3.db" config >"$TEST_TMP/last.out" 2>&1
contains "zh: no file, said in Chinese" "$TEST_TMP/last.out" "（未找到："
lacks "zh: no English sentence" "$TEST_TMP/last.out" "not found"
