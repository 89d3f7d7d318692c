#!/bin/sh
# HACKING.md is the map of the tree: every source, header, asset, script, fixture and
# document of model/, tui/, cli/, include/, assets/, tests/, tools/, docs/, completion/
# and fuzz/ has a line naming it as `path`, and every `path` a line names exists.
. "$(dirname "$0")/../lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MAP=$ROOT/HACKING.md
# One pass each: the files there are, the paths that have a line of their own
# ("- `path` what it holds", not a mention in passing); comm keeps the unnamed ones.
(cd "$ROOT" && find model tui cli include assets tests tools docs completion fuzz \
	-type f ! -path 'fuzz/seeds/*' ! -path 'fuzz/regressions/*' ! -name '*.o' | LC_ALL=C sort) \
	>"$TEST_TMP/files"
sed -n 's/^- `\([^`]*\)` .*/\1/p' "$MAP" | LC_ALL=C sort -u >"$TEST_TMP/named"
missing=$(LC_ALL=C comm -23 "$TEST_TMP/files" "$TEST_TMP/named")
if [ -z "$missing" ]; then ok "every file has its line in HACKING.md"; else
	not_ok "every file has its line in HACKING.md" "missing: $(echo $missing)"; fi

# Current: a path the map names that is gone (renamed, split, deleted) fails too.
stale=$(grep -o '`[A-Za-z_][A-Za-z0-9_./-]*\.[A-Za-z0-9]*`' "$MAP" | tr -d '`' | sort -u |
	while read -r f; do
		case $f in */*) [ -e "$ROOT/$f" ] || echo "$f" ;; esac
	done)
if [ -z "$stale" ]; then ok "every path HACKING.md names exists"; else
	not_ok "every path HACKING.md names exists" "gone: $(echo $stale)"; fi

# The map is by directory, with the rules kept.
for h in "## Rules" "## model/" "## tui/" "## cli/" "## include/" "## assets/" "## tests/" \
	"## tools/" "## docs/"; do
	if grep -q "^$h" "$MAP"; then ok "HACKING.md has a section $h"; else
		not_ok "HACKING.md has a section $h"; fi
done
