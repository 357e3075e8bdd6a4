#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/valgrind.sh IMRC: runs imrc under valgrind's memcheck on the examples, a batch, PDFs and every error letter;
# any invalid access or definite/indirect leak fails. Ends with "N passed, N failed".
set -u
IMRC=${1:?usage: tests/valgrind.sh path/to/imrc}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/imrc-valgrind.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0
# imrc's malloc is mimalloc's (Makefile): memcheck replaces it there as it does the C library's. mimalloc's
# operator delete is its free (one function), so memcheck cannot tell poppler's (C++) deletes from frees.
VG=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99
    --soname-synonyms=somalloc=libmimalloc.so* --show-mismatched-frees=no)

# check NAME WANT-STATUS ARGS...
check() {
	local name=$1 want=$2
	shift 2
	"${VG[@]}" "$IMRC" "$@" >/dev/null 2>"$TMP/err"
	local got=$?
	if [ $got = "$want" ] && ! grep -q '^==[0-9]*==' "$TMP/err"; then
		passed=$((passed + 1)); echo "ok valgrind $name"
	else
		failed=$((failed + 1)); echo "not ok valgrind $name (exit $got)"; sed 's/^/#   /' "$TMP/err" | head -30
	fi
}

for f in examples/*.txt; do
	check "$f" 0 "$f" -o "$TMP/out.xml"
done
check "tree backend" 0 -t tree examples/seed-000.txt
check "JSON backend" 0 -t json examples/seed-002.txt
check "JSON Lines of the examples" 0 -t jsonl examples/*.txt
check "batch of the corpus" 0 -d "$TMP" tests/corpus/pdfbox/*.txt
for f in tests/errors/*.txt; do
	check "$f" 1 "$f" -o "$TMP/rejected.xml"
done
# PDFs: a -j2 batch of the first corpus PDFs (each thread opens its own), -t text, and PDFs that cannot be read
check "batch of PDFs, two threads" 0 -j2 -d "$TMP" tests/corpus/pdf/CM16-02[0-2]*.pdf
check "text of a PDF" 0 -t text tests/corpus/pdf/CM16-0213037.pdf
qpdf --encrypt USERPW OWNERPW 256 -- tests/corpus/pdf/CM16-0213037.pdf "$TMP/password.pdf"
head -c 17000 tests/corpus/pdf/CM16-0213037.pdf >"$TMP/truncated.pdf"
qpdf --empty "$TMP/no-pages.pdf"
for f in password truncated no-pages; do
	check "$f PDF" 1 "$TMP/$f.pdf" -o "$TMP/rejected.xml"
done
check "usage error" 2 --frobnicate
check "missing input" 3 "$TMP/missing.txt"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
