# SPDX-License-Identifier: GPL-3.0-or-later
# imrc: a compiler for California IMR final determination letters.
# make            build ./imrc
# make check      install missing packages (as root), build, run every test
# make demo       compile examples/ into XML in a scratch folder
# make asan       the test suite under AddressSanitizer + UndefinedBehaviorSanitizer
# make valgrind   the test suite's letters under valgrind's leak checker
# make bench      speed and memory against cmark and xmllint, and of PDFs against pdftotext, to BENCHMARKS.md
# make install    imrc, its man page and schemas under $(DESTDIR)$(PREFIX) (BINDIR, MANDIR, DATADIR); uninstall

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/imrc
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter
CPPFLAGS += -D_POSIX_C_SOURCE=200809L -Isrc -I$(BUILD)
BUILD   ?= build
BIN     ?= imrc

PKGS     = libxml-2.0 libcrypto json-c poppler-glib
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# poppler-glib is not linked: src/pdf.c loads it with dlopen on the first PDF, by the name (soname) found here.
PKG_LIBS   = $(shell pkg-config --libs $(filter-out poppler-glib,$(PKGS)) 2>/dev/null) -ldl
POPPLER_SONAME = $(shell objdump -p "$$(pkg-config --variable=libdir poppler-glib 2>/dev/null)/libpoppler-glib.so" \
	2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')

# Debian packages the build and the tests need, and a command each proves it is there.
DEBS = flex bison pkg-config libxml2-dev libxml2-utils libssl-dev libjson-c-dev libpoppler-glib-dev libmimalloc-dev \
	python3-xmlschema python3-jsonschema valgrind jq mandoc poppler-utils qpdf ghostscript

OBJS = $(addprefix $(BUILD)/, letter.tab.o letter.lex.o request.lex.o numbers.lex.o util.o diag.o input.o ast.o parse.o partial.o fields.o \
	diagnoses.o marks.o request_marks.o requests.o inlines.o citation.o pdf.o compile.o document.o xml.o json.o csv.o tree.o text.o output.o batch.o main.o embed.o)

all: $(BIN)

# mimalloc first: its malloc and free, not the C library's, serve the whole process (libxml2's validation most)
$(BIN): $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) -lmimalloc $(PKG_LIBS) -lpthread

$(BUILD): | tools
	mkdir -p $(BUILD)

# Before the first build: the tools and libraries it needs, or the command that installs them.
tools:
	@missing=""; for t in flex bison pkg-config $(firstword $(CC)); do \
	  command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	pkg-config --exists $(PKGS) 2>/dev/null || missing="$$missing libraries($(PKGS))"; \
	[ -f "$$($(firstword $(CC)) -print-file-name=libmimalloc.so)" ] || missing="$$missing libmimalloc"; \
	if [ -n "$$missing" ]; then \
	  echo "imrc: cannot build, missing:$$missing"; \
	  echo "run 'make check' (as root it installs them and runs the tests), or: sudo apt-get install -y $(DEBS)"; \
	  exit 1; \
	fi

$(BUILD)/letter.tab.c $(BUILD)/letter.tab.h &: grammar/letter.y | $(BUILD)
	bison -Wall -Werror -d -o $(BUILD)/letter.tab.c grammar/letter.y

# The words of the letter are spelled once, as the names of letter.y's tokens ("'Claims Administrator
# guideline:'"); the scanner reads them as flex definitions of the same names, made from letter.y here.
$(BUILD)/letter-words.l: grammar/letter.y | $(BUILD)
	sed -n "s/^%token  *\([A-Z0-9_]*\)  *\"'\(.*\)'\"$$/\1 \"\2\"/p" grammar/letter.y >$@

# The scanners depend on the Makefile too: their flex options are here.
# The letter scanner: compressed tables (flex's default): it reads a few bytes at the start of each line, and its
# 9 KB of tables stay in the cache where -Cf's 480 KB (946 states by 256 bytes) missed it at each step: 2% of a
# letter's time (make bench).
$(BUILD)/letter.lex.c $(BUILD)/letter.lex.h &: $(BUILD)/letter-words.l grammar/letter.l Makefile | $(BUILD)
	flex -o $(BUILD)/letter.lex.c --header-file=$(BUILD)/letter.lex.h $(BUILD)/letter-words.l grammar/letter.l

# The request scanner (its own prefix, request_): the words and patterns of a request heading. Compressed
# tables (flex's default): -Cf would put megabytes of them in the binary for texts of a hundred bytes.
$(BUILD)/request.lex.c $(BUILD)/request.lex.h &: grammar/request.l Makefile | $(BUILD)
	flex -o $(BUILD)/request.lex.c --header-file=$(BUILD)/request.lex.h grammar/request.l

# The number words of a request, found before the request scanner runs (its own prefix, numbers_). Full tables
# over equivalence classes: 85 states, 14 KB (read cold once per request), no default chains to follow at a byte.
$(BUILD)/numbers.lex.c $(BUILD)/numbers.lex.h &: grammar/numbers.l Makefile | $(BUILD)
	flex -Cfe -o $(BUILD)/numbers.lex.c --header-file=$(BUILD)/numbers.lex.h grammar/numbers.l

$(BUILD)/request.lex.o $(BUILD)/numbers.lex.o: $(BUILD)/%.lex.o: $(BUILD)/%.lex.c $(wildcard src/*.h)
	$(CC) $(CPPFLAGS) $(CFLAGS) -std=c11 -Wall -Wno-sign-compare -Wno-unused-function $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/letter.tab.o: $(BUILD)/letter.tab.c $(wildcard src/*.h)
	$(CC) $(CPPFLAGS) $(CFLAGS) -std=c11 -Wall $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/letter.lex.o: $(BUILD)/letter.lex.c $(BUILD)/letter.tab.h $(wildcard src/*.h)
	$(CC) $(CPPFLAGS) $(CFLAGS) -std=c11 -Wall -Wno-sign-compare -Wno-unused-function $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/embed.o: src/embed.S schemas/imrc.xsd grammar/citations.vocab grammar/verdicts.vocab grammar/diagnoses.vocab grammar/drugs.vocab grammar/services.vocab | $(BUILD)
	$(CC) -DSCHEMA_PATH='"schemas/imrc.xsd"' -DVOCAB_PATH='"grammar/citations.vocab"' -c -o $@ src/embed.S

# A test binary whose embedded schema refuses what imrc writes for an upheld item (tests/strict-schema.sed).
$(BUILD)/strict.xsd: schemas/imrc.xsd tests/strict-schema.sed | $(BUILD)
	sed -f tests/strict-schema.sed schemas/imrc.xsd >$@

$(BUILD)/embed-strict.o: src/embed.S $(BUILD)/strict.xsd grammar/citations.vocab grammar/verdicts.vocab grammar/diagnoses.vocab grammar/drugs.vocab grammar/services.vocab
	$(CC) -DSCHEMA_PATH='"$(BUILD)/strict.xsd"' -DVOCAB_PATH='"grammar/citations.vocab"' -c -o $@ src/embed.S

$(BUILD)/imrc-strict: $(filter-out $(BUILD)/embed.o,$(OBJS)) $(BUILD)/embed-strict.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) -lpthread

$(BUILD)/pdf.o: CPPFLAGS += $(if $(POPPLER_SONAME),-DPOPPLER_GLIB_SONAME='"$(POPPLER_SONAME)"')

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) $(BUILD)/letter.tab.h $(BUILD)/letter.lex.h $(BUILD)/request.lex.h \
	$(BUILD)/numbers.lex.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(PKG_CFLAGS) -c -o $@ $<

# Installs what is missing with apt-get when run as root; otherwise says what to run.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    log=$$(mktemp); \
	    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; } >$$log 2>&1; then \
	      cat $$log; rm -f $$log; echo "imrc: installing$$missing failed (apt's output above)"; exit 1; \
	    fi; rm -f $$log; \
	  else \
	    echo "missing packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

check: deps
	$(MAKE) $(BIN) $(BUILD)/imrc-strict
	STRICT_IMRC=$(BUILD)/imrc-strict tests/run.sh ./$(BIN)

demo: deps
	$(MAKE) $(BIN)
	@out=$$(mktemp -d /tmp/imrc-demo.XXXXXX); \
	(cd examples && ../$(BIN) -d $$out *.txt) && \
	for f in $$out/*.xml; do xmllint --noout --schema schemas/imrc.xsd $$f || exit 1; done && \
	echo "compiled $$(ls $$out | wc -l) letters into $$out" && ls -l $$out

asan: deps
	$(MAKE) BUILD=build-asan BIN=imrc-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" imrc-asan build-asan/imrc-strict
	ASAN_OPTIONS=detect_leaks=1 STRICT_IMRC=build-asan/imrc-strict tests/run.sh ./imrc-asan

valgrind: deps
	$(MAKE) $(BIN)
	tests/valgrind.sh ./$(BIN)

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/imrc
	install -m 644 imrc.1 $(DESTDIR)$(MANDIR)/man1/imrc.1
	install -m 644 schemas/imrc.xsd $(DESTDIR)$(DATADIR)/imrc.xsd
	install -m 644 schemas/imrc.schema.json $(DESTDIR)$(DATADIR)/imrc.schema.json

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/imrc $(DESTDIR)$(MANDIR)/man1/imrc.1 $(DESTDIR)$(DATADIR)/imrc.xsd \
	  $(DESTDIR)$(DATADIR)/imrc.schema.json
	-rmdir $(DESTDIR)$(DATADIR)

# make bench: the benchmarks of BENCHMARKS.md, text letters and PDFs (needs cmark and poppler-utils for the peer
# runs, GNU time and bc for the figures). make bench BASELINE=COMMIT also builds COMMIT in a worktree and runs its
# -j1 in the same rounds.
BASELINE ?=
BENCH_DEBS = cmark time bc poppler-utils
bench: deps
	@$(MAKE) --no-print-directory deps DEBS="$(BENCH_DEBS)"
	$(MAKE) $(BIN)
	BASELINE=$(BASELINE) tests/bench.sh ./$(BIN) BENCHMARKS.md
	tests/bench-pdf.sh ./$(BIN) BENCHMARKS.md

clean:
	rm -rf build build-asan imrc imrc-asan build-fuzz imrc-fuzz imrc-fuzz-backends

.PHONY: all deps tools check demo asan valgrind bench install uninstall clean

# --- fuzzing ------------------------------------------------------------------------------------------------
# make fuzz [FUZZ_SECONDS=60]: builds two libFuzzer targets in build-fuzz/ (clang, ASan and UBSan), each linked
# with every object but main.o, and fuzzes each in one process for half of FUZZ_SECONDS (rounded up, at least
# one second), so FUZZ_SECONDS is the time of both:
#   imrc-fuzz           tests/fuzz/fuzz_letter.c: the XML backend, its output parsed back and validated;
#   imrc-fuzz-backends  tests/fuzz/fuzz_backends.c: the JSON, CSV (each table), text and tree backends, each
#                       output checked for its format, and all agreeing on whether the letter is rejected.
# Each has its own corpus (build-fuzz/corpus, build-fuzz/corpus-backends), seeded from the test letters and the
# saved corpus; FUZZ_FLAGS adds libFuzzer options (e.g. -fork=1 -ignore_crashes=1 to go on after a finding).
# Crashes, leaks and timeouts land in build-fuzz/artifacts/ (the second target's named backends-*).
FUZZ_SECONDS ?= 60
FUZZ_EACH = $(shell n=$$(( ($(FUZZ_SECONDS) + 1) / 2 )); [ $$n -ge 1 ] || n=1; echo $$n)
FUZZ_DEBS = clang libclang-rt-14-dev
FUZZ_SANITIZE = -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_LIB_OBJS = $(filter-out $(BUILD)/main.o,$(OBJS))
FUZZ_OBJS = $(FUZZ_LIB_OBJS) $(BUILD)/fuzz_letter.o
FUZZ_BACKENDS_OBJS = $(FUZZ_LIB_OBJS) $(BUILD)/fuzz_backends.o
FUZZ_SEEDS = examples/*.txt tests/golden/*.txt tests/errors/*.txt tests/fuzz/corpus/*
FUZZ_RUN = -max_len=65536 -timeout=10 -max_total_time=$(FUZZ_EACH) -print_final_stats=1 $(FUZZ_FLAGS) \
	-dict=tests/fuzz/letter.dict

fuzz: deps
	@$(MAKE) --no-print-directory deps DEBS="$(FUZZ_DEBS)"
	$(MAKE) BUILD=build-fuzz CC=clang CFLAGS="-O1 -g -fno-omit-frame-pointer $(FUZZ_SANITIZE)" \
	  imrc-fuzz imrc-fuzz-backends
	mkdir -p build-fuzz/corpus build-fuzz/corpus-backends build-fuzz/artifacts
	cp $(wildcard $(FUZZ_SEEDS)) build-fuzz/corpus/
	cp $(wildcard $(FUZZ_SEEDS)) build-fuzz/corpus-backends/
	./imrc-fuzz $(FUZZ_RUN) -artifact_prefix=build-fuzz/artifacts/ build-fuzz/corpus
	./imrc-fuzz-backends $(FUZZ_RUN) -artifact_prefix=build-fuzz/artifacts/backends- build-fuzz/corpus-backends

imrc-fuzz: $(FUZZ_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(FUZZ_OBJS) $(PKG_LIBS)

imrc-fuzz-backends: $(FUZZ_BACKENDS_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(FUZZ_BACKENDS_OBJS) $(PKG_LIBS)

$(BUILD)/fuzz_letter.o $(BUILD)/fuzz_backends.o: $(BUILD)/%.o: tests/fuzz/%.c $(wildcard src/*.h) \
	$(BUILD)/letter.tab.h $(BUILD)/letter.lex.h $(BUILD)/request.lex.h $(BUILD)/numbers.lex.h
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(PKG_CFLAGS) -c -o $@ $<

.PHONY: fuzz

# --- XML database -------------------------------------------------------------------------------------------
# make basex: installs basex (apt-get, as root; otherwise prints the command), builds ./imrc, and loads the
# compiled corpus and examples into a BaseX database in a temporary folder, checking XQuery answers against
# counts taken from the letter texts (tests/basex.sh).
BASEX_DEBS = basex

basex: deps
	@$(MAKE) --no-print-directory deps DEBS="$(BASEX_DEBS)"
	$(MAKE) $(BIN)
	tests/basex.sh ./$(BIN)

.PHONY: basex
