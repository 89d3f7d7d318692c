#!/bin/sh
# Install what sopdeck needs to build and test, if it is missing (Debian).
# Called by `make`, `make run` and `make test`; quiet when nothing is missing.
set -e
missing=""
need_pkg() { # pkg-config module, Debian package
	pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"
}
need_cmd() { # command, Debian package
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
# --bench: what `make bench` compares sopdeck with (issue 9), on top of the build's needs.
if [ "${1:-}" = --bench ]; then
	need_cmd calcurse calcurse
	need_cmd task taskwarrior
fi
need_cmd cc gcc
need_cmd make make
need_cmd pkg-config pkg-config
need_pkg ncursesw libncurses-dev
need_pkg sqlite3 libsqlite3-dev
need_pkg yaml-0.1 libyaml-dev
need_pkg libcrypto libssl-dev
# ICU: the pinyin collation, the Chinese calendar of lunar nodes (README: Why ICU).
need_pkg icu-i18n libicu-dev
need_pkg cmocka libcmocka-dev
need_cmd tmux tmux
need_cmd python3 python3
need_cmd sqlite3 sqlite3
need_cmd script bsdutils
need_cmd valgrind valgrind
# The man pages' lint (groff -ww, mandoc -T lint, man -l) and the completion tests (bash is
# always there).
need_cmd groff groff-base
need_cmd mandoc mandoc
need_cmd man man-db
# The catalogue check (msgfmt --check on po/zh_CN.po).
need_cmd msgfmt gettext
need_cmd zsh zsh
# libFuzzer needs clang and its runtime.
if ! command -v clang >/dev/null 2>&1; then
	missing="$missing clang libclang-rt-dev"
elif ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' |
	clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
	missing="$missing libclang-rt-dev"
fi
[ -z "$missing" ] && exit 0

echo "sopdeck: installing missing build dependencies:$missing"
if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "sopdeck: need root or sudo to install:$missing" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "sopdeck: no apt-get here; install by hand:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
