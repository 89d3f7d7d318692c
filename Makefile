# sopdeck: GNU make build.
#
#   make            build ./sopdeck (installs missing build dependencies first)
#   make run        open the console on the demo workspace
#   make test       every test: units, command line, tmux end-to-end; then again under ASan+UBSan
#   make asan       build ./build/asan/sopdeck with AddressSanitizer + UBSan
#   make bench      measure speed and memory on a large generated workspace
#   make install    PREFIX=/usr/local DESTDIR=
#   make layers     fail if model/ mentions curses, tui/ mentions SQL, or model/ has an include cycle

comma   := ,
PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
SAN     ?=
FUZZ    ?=
BUILD   ?= build/$(if $(FUZZ),fuzz,$(if $(SAN),asan,release))

PKGS      := ncursesw sqlite3 yaml-0.1 libcrypto icu-i18n icu-uc
MODELPKGS := sqlite3 yaml-0.1 libcrypto icu-i18n icu-uc

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-unused-parameter
CSTD    := -std=c11 -D_GNU_SOURCE
FUZZ_SAN := -fsanitize=address$(comma)undefined -fno-sanitize-recover=undefined
OPT     := $(if $(FUZZ),-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) -Wno-unknown-warning-option,)$(if $(FUZZ),,$(if $(SAN),-O1 -g -fno-omit-frame-pointer -fsanitize=address$(comma)undefined -fno-sanitize-recover=all,-O2 -g))

# pkg-config is only asked once the dependencies are there (see `deps`).
PKG_CFLAGS   = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcrypto gives headers only: model/chain.c opens it with dlopen when it first hashes.
PKG_LIBS     = $(shell pkg-config --libs $(filter-out libcrypto,$(PKGS)) 2>/dev/null) -ldl
MODEL_CFLAGS = $(shell pkg-config --cflags $(MODELPKGS) 2>/dev/null)
MODEL_LIBS   = $(shell pkg-config --libs $(filter-out libcrypto,$(MODELPKGS)) 2>/dev/null) -ldl
CMOCKA_CFLAGS= $(shell pkg-config --cflags cmocka 2>/dev/null)
CMOCKA_LIBS  = $(shell pkg-config --libs cmocka 2>/dev/null)

CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) -Iinclude -I$(BUILD)/gen $(CFLAGS)
# The sanitizer runtimes linked in statically (gcc's libasan.a/libubsan.a): no shared
# libasan to load and relocate at every start of a sanitized process (see LINK below).
SAN_LD  := -fsanitize=address$(comma)undefined -static-libasan -static-libubsan
LDFLAGS_ALL = $(if $(SAN),$(SAN_LD)) $(LDFLAGS)

MODEL_SRC := $(sort $(wildcard model/*.c))
TUI_SRC   := $(sort $(wildcard tui/*.c))
CLI_SRC   := $(sort $(wildcard cli/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
ASSETS    := assets/playbook.yaml $(sort $(wildcard assets/migrations/*.sql)) \
             $(sort $(wildcard assets/demo-*))

MODEL_OBJ := $(MODEL_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/assets.o $(BUILD)/gen/catalogue.o \
             $(BUILD)/gen/schema-image.o
TUI_OBJ   := $(TUI_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
BIN       := $(if $(SAN),$(BUILD)/sopdeck,sopdeck)

FUZZ_NAMES   := playbook csv formula dates sanitize
FUZZ_SECONDS ?= 60

.PHONY: all deps run test asan unit bench install uninstall layers clean fuzz fuzz-build

all: deps
	@$(MAKE) --no-print-directory $(BIN)

deps:
	@sh tools/deps.sh

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -O1 -o $@ $<

# The default playbook, schema migrations and demo data are compiled into the
# binary so that a copied binary works on its own.
# The list of embedded files, rewritten only when it changes: a file added with an old
# mtime (moved back, checked out) or removed rebuilds the assets too.
ASSET_LIST := $(BUILD)/gen/assets.list
$(shell mkdir -p $(BUILD)/gen && (echo '$(ASSETS)' | cmp -s - $(ASSET_LIST) || \
	echo '$(ASSETS)' >$(ASSET_LIST)))
$(BUILD)/gen/assets.c: $(BUILD)/tools/embed $(ASSETS) $(ASSET_LIST)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $@ $(ASSETS)

$(BUILD)/gen/assets.o: $(BUILD)/gen/assets.c
	$(CC) $(CSTD) $(OPT) -Iinclude -c -o $@ $<

# A new workspace's database, the migrations applied at build time (model/db.c copies it
# instead of migrating at run time: tools/schema-image.c says why).
MIGRATIONS := $(sort $(wildcard assets/migrations/*.sql))
$(BUILD)/tools/schema-image: tools/schema-image.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -O1 $(shell pkg-config --cflags sqlite3 2>/dev/null) -o $@ $< \
		$(shell pkg-config --libs sqlite3 2>/dev/null)

$(BUILD)/gen/schema-image.c: $(BUILD)/tools/schema-image $(MIGRATIONS) $(ASSET_LIST)
	@mkdir -p $(@D)
	$(BUILD)/tools/schema-image $@ $(BUILD)/gen/schema-image.tmp.db $(MIGRATIONS)

$(BUILD)/gen/schema-image.o: $(BUILD)/gen/schema-image.c
	$(CC) $(CSTD) -O0 -c -o $@ $<

# The message catalogue, compiled into a table sorted by msgid (model/i18n.c).
$(BUILD)/tools/po2c: tools/po2c.c
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_GNU_SOURCE -O1 -o $@ $<

$(BUILD)/gen/catalogue.c: $(BUILD)/tools/po2c po/zh_CN.po
	@mkdir -p $(@D)
	$(BUILD)/tools/po2c $@ po/zh_CN.po

$(BUILD)/gen/catalogue.o: $(BUILD)/gen/catalogue.c model/i18n-table.h
	$(CC) $(CSTD) $(OPT) -Imodel -c -o $@ $<

$(BUILD)/model/%.o: model/%.c $(wildcard include/*.h model/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(MODEL_CFLAGS) -c -o $@ $<

$(BUILD)/tui/%.o: tui/%.c $(wildcard include/*.h tui/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(PKG_CFLAGS) -Itui -c -o $@ $<

$(BUILD)/cli/%.o: cli/%.c $(wildcard include/*.h cli/*.h tui/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(PKG_CFLAGS) -Itui -Icli -c -o $@ $<

$(BUILD)/libsopdeck-model.a: $(MODEL_OBJ)
	@rm -f $@
	ar rcs $@ $^

# The release binary links its libraries statically (LINK=dynamic to link them as shared
# objects): loading and relocating ICU, SQLite, libyaml and ncursesw as shared objects was
# most of every start (callgrind: 5.2 M of an empty program's 5.2 M instructions linked with
# them, 1.9 M static; see README "Start-up"). The sanitized binary too: the ASan suites
# start ~1,500 of it (perf stat, `today` on the demo: 137 ms of CPU and 5,400 page faults
# dynamic, 101 ms and 3,700 with these and the sanitizer runtimes static). Unit tests and
# the fuzz build stay dynamic.
LINK ?= $(if $(FUZZ),dynamic,static)
SYSLIBS      := -lm -ldl -lpthread -lz -lstdc++ -lc
STATIC_NAMES  = $(filter-out $(SYSLIBS),$(shell pkg-config --static --libs-only-l \
		$(filter-out libcrypto,$(PKGS)) 2>/dev/null))
BIN_LIBS      = $(if $(filter static,$(LINK)),-Wl$(comma)-Bstatic $(STATIC_NAMES) \
		-lstdc++ -Wl$(comma)-Bdynamic -ldl -lpthread,$(PKG_LIBS))
# The optimised binary at a fixed address (-no-pie) and without libgcc_s.so: a PIE of
# this size starts by relocating 15,700 pointers (ICU's and SQLite's tables), a copy-on-
# write fault for every page of them; perf stat of `sopdeck --version`, 40 runs: 158 ->
# 106 page faults, 5.0 -> 3.3-3.6 ms of CPU (the console's first frame starts with it).
BIN_LD        = $(if $(SAN)$(FUZZ),,$(if $(filter static,$(LINK)),-no-pie -static-libgcc))

# ncurses' flush wrapped, so the console writes a frame at once, not a line at a time (tui/app.c:
# app_refresh). ncursesw 6.4 exports _nc_flush_sp from libtinfo, static or shared.
BIN_WRAP      := -Wl,--wrap=_nc_flush_sp

$(BIN): $(CLI_OBJ) $(TUI_OBJ) $(BUILD)/libsopdeck-model.a
	$(CC) $(LDFLAGS_ALL) $(BIN_LD) $(BIN_WRAP) -o $@ $(CLI_OBJ) $(TUI_OBJ) \
		$(BUILD)/libsopdeck-model.a $(BIN_LIBS) -lm

# Unit tests link the model library only: no ncurses.
$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h $(BUILD)/libsopdeck-model.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(MODEL_CFLAGS) $(CMOCKA_CFLAGS) -Itests/unit -Imodel \
		-DTEST_FIXTURES='"$(CURDIR)/tests/fixtures"' -o $@ $< \
		$(BUILD)/libsopdeck-model.a $(MODEL_LIBS) $(CMOCKA_LIBS) -lm $(LDFLAGS_ALL)

unit: deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN)

asan: deps
	@$(MAKE) --no-print-directory SAN=1 build/asan/sopdeck

run: all
	./sopdeck --demo

# Everything, twice: an optimised build, then the same suites under ASan+UBSan. The
# ASan and fuzz builds start with the optimised one and go on while its suites run
# (tests/run.sh starts their suites once build/test-gate/{asan,fuzz}.rc says they ended),
# so no core idles while a build links or a suite waits for the console; tests/run.sh
# runs TEST_JOBS suites at once.
NPROC     := $(shell nproc 2>/dev/null || echo 2)
TEST_JOBS ?= 3
TEST_BUILDS := test-build-release test-build-asan test-build-fuzz
.PHONY: $(TEST_BUILDS)
test: deps layers
	@rm -rf build/test-gate && mkdir -p build/test-gate
	@{ $(MAKE) --no-print-directory -j$(NPROC) test-build-asan >build/test-gate/asan.log 2>&1; \
		echo $$? >build/test-gate/asan.rc; } & \
	{ $(MAKE) --no-print-directory test-build-fuzz >build/test-gate/fuzz.log 2>&1; \
		echo $$? >build/test-gate/fuzz.rc; } & \
	if $(MAKE) --no-print-directory -j$(NPROC) test-build-release; then \
		TEST_GATE=$(CURDIR)/build/test-gate JOBS=$(TEST_JOBS) sh tests/run.sh; st=$$?; wait; \
	else \
		wait; st=1; for b in asan fuzz; do [ "$$(cat build/test-gate/$$b.rc)" = 0 ] || \
			{ echo "the $$b build failed:"; tail -30 build/test-gate/$$b.log; }; done; \
	fi; \
	exit $$st

test-build-release:
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN)
test-build-asan:
	@$(MAKE) --no-print-directory SAN=1 build/asan/sopdeck \
		$(UNIT_SRC:tests/unit/%.c=build/asan/tests/%)
test-build-fuzz:
	@$(MAKE) --no-print-directory CC=clang FUZZ=1 $(FUZZ_NAMES:%=build/fuzz/fuzz_%)

# libFuzzer harnesses (clang): the model built again with fuzzer instrumentation.
build/fuzz/fuzz_%: fuzz/fuzz_%.c build/fuzz/libsopdeck-model.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(MODEL_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $< \
		build/fuzz/libsopdeck-model.a $(MODEL_LIBS) -lm

fuzz-build: deps
	@$(MAKE) --no-print-directory CC=clang FUZZ=1 $(FUZZ_NAMES:%=build/fuzz/fuzz_%)

# Each harness for FUZZ_SECONDS (default 60); crashes land in build/fuzz/crashes/.
fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz.sh

layers:
	@if grep -rlE 'curses|WINDOW \*' model include; then \
		echo "layering: model/ or include/ mentions curses (above)"; exit 1; fi
	@if grep -rlE 'sqlite3|SELECT |INSERT |UPDATE |DELETE FROM' tui; then \
		echo "layering: tui/ mentions SQL (above); go through model/"; exit 1; fi
	@python3 tools/model-cycles.py .

bench: all
	@sh tools/deps.sh --bench
	@sh tests/bench.sh

MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/sopdeck \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 sopdeck $(DESTDIR)$(PREFIX)/bin/sopdeck
	install -m 0644 assets/playbook.yaml $(DESTDIR)$(PREFIX)/share/sopdeck/playbook.yaml
	install -m 0644 docs/man/sopdeck.1 $(DESTDIR)$(MANDIR)/man1/sopdeck.1
	install -m 0644 docs/man/sopdeck-formats.5 $(DESTDIR)$(MANDIR)/man5/sopdeck-formats.5
	install -m 0644 completion/sopdeck.bash $(DESTDIR)$(BASHCOMPDIR)/sopdeck
	install -m 0644 completion/_sopdeck $(DESTDIR)$(ZSHCOMPDIR)/_sopdeck

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/sopdeck $(DESTDIR)$(PREFIX)/share/sopdeck/playbook.yaml \
		$(DESTDIR)$(MANDIR)/man1/sopdeck.1 $(DESTDIR)$(MANDIR)/man5/sopdeck-formats.5 \
		$(DESTDIR)$(BASHCOMPDIR)/sopdeck $(DESTDIR)$(ZSHCOMPDIR)/_sopdeck

clean:
	rm -rf build sopdeck
