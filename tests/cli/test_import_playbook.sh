#!/bin/sh
# sopdeck import playbook / init --playbook: a good file is a new version; a bad one exits 1
# with file:line:col and leaves the database byte-for-byte the same.
. "$(dirname "$0")/../lib.sh"

db=$SOPDECK_DB
sum() { cat "$db" "$db-wal" 2>/dev/null | cksum; }

check "init creates the database with the built-in playbook" "$SOPDECK" init
before=$(sum)

cd "$FIXTURES" || exit 1
expect_status "unknown key: exit 1" 1 "$SOPDECK" import playbook playbook-bad-key.yaml
contains "unknown key: file:line:col" "$TEST_TMP/last.err" \
	"playbook-bad-key.yaml:6:5: unknown key 'evry' in action"
expect_status "unknown counter: exit 1" 1 "$SOPDECK" import playbook playbook-bad-formula.yaml
contains "unknown counter: column inside the formula" "$TEST_TMP/last.err" \
	"playbook-bad-formula.yaml:8:22: unknown counter 'delivred' in formula"
expect_status "missing file: exit 1" 1 "$SOPDECK" import playbook "$TEST_TMP/nope.yaml"
contains "missing file: named" "$TEST_TMP/last.err" "$TEST_TMP/nope.yaml"

# The billion laughs: refused at the first alias.
{
	echo 'playbook: bomb'
	echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
	prev=a
	for k in b c d e f g h i j; do
		echo "$k: &$k [*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev,*$prev]"
		prev=$k
	done
} >"$TEST_TMP/bomb.yaml"
expect_status "alias bomb: exit 1" 1 "$SOPDECK" import playbook "$TEST_TMP/bomb.yaml"
contains "alias bomb: refused at the alias" "$TEST_TMP/last.err" \
	"bomb.yaml:3:8: YAML aliases (*a) are not allowed"

if [ "$(sum)" = "$before" ]; then ok "failed imports leave the database unchanged"; else
	not_ok "failed imports leave the database unchanged"; fi

# A good file becomes version 2 and the newest version is used.
sed 's/^version: "1.0"/version: "2.0"/; s/^note: .*/note: 优化入群欢迎语，消息打开率提升 18%/' \
	"$ASSETS/playbook.yaml" >"$TEST_TMP/v2.yaml"
check "good playbook imports" "$SOPDECK" import playbook "$TEST_TMP/v2.yaml"
contains "good playbook: stored as version #2" "$TEST_TMP/last.out" "version 2.0 (stored as #2)"

# init --playbook with a bad file creates nothing.
expect_status "init with a bad playbook: exit 1" 1 \
	"$SOPDECK" --db "$TEST_TMP/fresh.db" init --playbook playbook-bad-key.yaml
contains "init with a bad playbook: file:line:col" "$TEST_TMP/last.err" \
	"playbook-bad-key.yaml:6:5: unknown key 'evry'"
if [ -e "$TEST_TMP/fresh.db" ]; then not_ok "init with a bad playbook leaves no database"
else ok "init with a bad playbook leaves no database"; fi
