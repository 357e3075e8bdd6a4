#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/run.sh IMRC: every test of imrc, run from the top of the repository. Prints one line per test
# ("ok ..." or "not ok ...") and ends with "N passed, N failed"; exits 1 when any test failed.
#
#   golden      examples/NAME.txt and tests/golden/NAME.txt compile to exactly NAME.xml (and NAME.tree,
#               NAME.json), with exactly the warnings of NAME.err
#   letters     every seed and corpus letter, in both shapes, compiles with exit 0 and no message; each written
#               file validates with xmllint --schema and python3-xmlschema, with the letter's own items; the
#               indexed fields (case, reviewer, patient, citations) are what the letter says, and the pdftotext
#               text (default and -layout) of each corpus letter gives the same fields as its pdfbox text
#   pdf         every corpus PDF, read by imrc itself, compiles like its text; bad PDFs give their messages
#   errors      tests/errors/NAME.txt is rejected with exactly NAME.err on stderr, exit 1, no output file, and
#               an output that was there before is left as it was
#   backends    JSON (jq), CSV; json: -t jsonl, and every JSON document against schemas/imrc.schema.json
#   cli         the command line of SPEC section 3
#   inputs      UTF-16, standard input without '-', --source-name, folders
set -u
IMRC=${1:?usage: tests/run.sh path/to/imrc}
case $IMRC in /*) ;; *) IMRC=$PWD/$IMRC ;; esac
SCHEMA=schemas/imrc.xsd
TMP=$(mktemp -d "${TMPDIR:-/tmp}/imrc-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
passed=0 failed=0

pass() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "not ok $1"; [ $# -lt 2 ] || printf '%s\n' "$2" | sed 's/^/#   /' | head -20; }

# expect NAME STATUS CMD...: runs CMD, stdout to $TMP/out, stderr to $TMP/err; passes when the status is STATUS.
expect() {
	local name=$1 want=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	local got=$?
	if [ "$got" = "$want" ]; then pass "$name"; else fail "$name" "exit $got, expected $want: $(cat "$TMP/err")"; fi
}

# same NAME EXPECTED-FILE ACTUAL-FILE
same() {
	if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(diff "$2" "$3" | head -20)"; fi
}

# --- golden -------------------------------------------------------------------------------------------------
# NAME.err, when there, holds the exact warnings; without it the letter must compile without a word.
for txt in examples/*.txt tests/golden/*.txt; do
	name=${txt%.txt}
	for want in "$name.xml" "$name.tree" "$name.json"; do
		[ -f "$want" ] || continue
		ext=${want##*.}
		if "$IMRC" -t "$ext" "$txt" -o "$TMP/golden.$ext" 2>"$TMP/err" \
		   && { [ "$ext" != xml ] || xmllint --noout --schema "$SCHEMA" "$TMP/golden.xml" 2>/dev/null; }; then
			same "golden $want" "$want" "$TMP/golden.$ext"
		else
			fail "golden $want" "$(cat "$TMP/err")"
		fi
	done
	if [ -f "$name.err" ]; then
		same "golden $name.err" "$name.err" "$TMP/err"
	elif [ -s "$TMP/err" ]; then
		fail "golden $txt compiles without a warning" "$(cat "$TMP/err")"
	fi
done

# --- letters ------------------------------------------------------------------------------------------------
# compile_all OUTDIR LETTER...: each letter must compile without a word, and its file pass xmllint --schema.
compile_all() {
	local outdir=$1 txt out
	shift
	mkdir -p "$outdir"
	for txt in "$@"; do
		out="$outdir/$(basename "${txt%.txt}").xml"
		if "$IMRC" "$txt" -o "$out" 2>"$TMP/err" && [ ! -s "$TMP/err" ] \
		   && xmllint --noout --schema "$SCHEMA" "$out" 2>"$TMP/xmllint"; then
			pass "compile and xmllint $txt"
		else
			fail "compile and xmllint $txt" "$(cat "$TMP/err" "$TMP/xmllint" 2>/dev/null)"
		fi
	done
}

# report CMD...: one test per line that CMD prints ("ok ..." or "not ok ...").
report() {
	local status rest
	while read -r status rest; do
		if [ "$status" = ok ]; then pass "$rest"; else fail "$rest"; fi
	done < <("$@" | sed 's/^not ok/not-ok/')
}

letters=(tests/seeds/*.txt tests/corpus/pdfbox/*.txt)
compile_all "$TMP/letters" "${letters[@]}"
compile_all "$TMP/pdftotext" tests/corpus/pdftotext/*.txt
compile_all "$TMP/layout" tests/corpus/pdftotext-layout/*.txt
report /usr/bin/python3 tests/check_letters.py "$SCHEMA" "$TMP/letters" "${letters[@]}"
report /usr/bin/python3 tests/check_letters.py "$SCHEMA" "$TMP/pdftotext" tests/corpus/pdftotext/*.txt
report /usr/bin/python3 tests/check_fields.py "$TMP/letters" tests/seeds tests/corpus/pdfbox
report /usr/bin/python3 tests/check_shapes.py "$TMP/letters" "$TMP/pdftotext" \
	$(cd tests/corpus/pdftotext && ls | sed 's/\.txt$//')
# citations of every form SPEC section 6 names, and text that must give none (tests/citations-pinned.tsv)
report /usr/bin/python3 tests/check_citations.py "$IMRC" tests/citations-pinned.tsv
# dates whole and not (a month, a year), and numbers that are no date (tests/dates-pinned.tsv)
report /usr/bin/python3 tests/check_dates.py "$IMRC" tests/dates-pinned.tsv
# every rationale's conclusion, in both shapes, against a table made by reading the letters
report /usr/bin/python3 tests/check_conclusions.py tests/conclusions.tsv "$TMP/letters" "$TMP/pdftotext"
# every summary's diagnoses, in both shapes, against a table made by reading the letters (F1 at least 0.95), and
# pinned sentences for each phrasing and list form, written by hand
report /usr/bin/python3 tests/check_diagnoses.py tests/diagnoses.tsv "$TMP/letters" "$TMP/pdftotext"
report /usr/bin/python3 tests/check_diagnosis_cases.py "$IMRC" tests/diagnosis-cases.tsv tests/golden/no-citation.txt
# the letter's outcome: both items upheld; one upheld, one overturned; its one item overturned (read from the letters)
for pin in CM16-0213037:upheld CM16-0230548:mixed CM16-0240259:overturned; do
	got=$(xmllint --xpath 'string(//*[local-name()="items"]/@outcome)' "$TMP/letters/${pin%%:*}.xml" 2>/dev/null)
	[ "$got" = "${pin#*:}" ] && pass "outcome ${pin%%:*} is ${pin#*:}" || fail "outcome ${pin%%:*}" "got '$got'"
done
# pdftotext -layout: the same letters, checked the same way
report /usr/bin/python3 tests/check_letters.py "$SCHEMA" "$TMP/layout" tests/corpus/pdftotext-layout/*.txt
report bash -c '/usr/bin/python3 tests/check_shapes.py "$1/letters" "$1/layout" $(cd tests/corpus/pdftotext-layout \
	&& ls | sed "s/\.txt$//") | sed "s/ pdftotext equals / pdftotext -layout equals /"' - "$TMP"
# The text of PDFBox's own ExtractText command (tests/corpus/pdfbox-cli: no empty line after every line, a line of
# blanks between paragraphs): PDFBox text (source/@shape pdfbox), checked the same way, each letter's XML that of
# its doubled-line pdfbox text but for the source.
compile_all "$TMP/cli" tests/corpus/pdfbox-cli/*.txt
report /usr/bin/python3 tests/check_letters.py "$SCHEMA" "$TMP/cli" tests/corpus/pdfbox-cli/*.txt
report bash -c '/usr/bin/python3 tests/check_shapes.py "$1/letters" "$1/cli" $(cd tests/corpus/pdfbox-cli \
	&& ls | sed "s/\.txt$//") | sed "s/ pdftotext equals / PDFBox ExtractText equals /"' - "$TMP"
for xml in "$TMP"/cli/*.xml; do
	name=$(basename "$xml")
	grep -q '<source [^>]* shape="pdfbox" ' "$xml" \
	&& cmp -s <(sed '/<source /d' "$TMP/letters/$name") <(sed '/<source /d' "$xml") \
	&& pass "pdfbox-cli $name: shape pdfbox, the XML of the pdfbox text" \
	|| fail "pdfbox-cli $name" "$(grep '<source ' "$xml"; diff <(sed '/<source /d' "$TMP/letters/$name") <(sed '/<source /d' "$xml") | head -5)"
done

# --- PDF input ----------------------------------------------------------------------------------------------
# Every corpus PDF, read by imrc itself (poppler-glib): one -j2 batch exits 0 without a word; each file validates
# with both engines and has the decisions of the letter's PDFBox text, and every field as compiled from that
# text; source, text (-t text) and pages are as pdfinfo, pdftotext and PDFBox read the PDF (check_pdf.py).
pdf_names=$(cd tests/corpus/pdf && ls | sed 's/\.pdf$//')
pdf_out=$TMP/pdf/tests/corpus/pdf
expect "pdf the corpus PDFs in one -j2 batch: exit 0" 0 "$IMRC" -q -j2 -d "$TMP/pdf" tests/corpus/pdf/*.pdf
[ ! -s "$TMP/err" ] && [ "$(ls "$pdf_out" | wc -l)" = "$(ls tests/corpus/pdf | wc -l)" ] \
	&& pass "pdf the batch: no message, an XML file per PDF" || fail "pdf the batch" "$(cat "$TMP/err")"
report awk '{ name = $1; sub(".*/", "", name) } / validates$/ { print "ok pdf xmllint " name }
	/ fails to validate$/ { print "not ok pdf xmllint " name }' \
	<(xmllint --noout --schema "$SCHEMA" "$pdf_out"/*.xml 2>&1)
report sed 's/^\(\(not \)*ok letter [^ :]*\)/\1 from its PDF/' \
	<(/usr/bin/python3 tests/check_letters.py "$SCHEMA" "$pdf_out" tests/corpus/pdfbox/*.txt)
report /usr/bin/python3 tests/check_shapes.py --from-pdf "$TMP/letters" "$pdf_out" $pdf_names
expect "pdf -t text of the corpus PDFs" 0 "$IMRC" -q -t text -d "$TMP/pdf-text" tests/corpus/pdf/*.pdf
report /usr/bin/python3 tests/check_pdf.py tests/corpus "$pdf_out" "$TMP/pdf-text/tests/corpus/pdf" "$TMP/pdftotext" \
	$pdf_names
expect "pdf the batch with -j1" 0 "$IMRC" -q -d "$TMP/pdf-j1" tests/corpus/pdf/*.pdf
diff -r "$TMP/pdf" "$TMP/pdf-j1" >/dev/null && pass "pdf -j2 writes the same files as -j1" \
	|| fail "pdf -j2 writes the same files as -j1"
# Schema 1.1 added what a PDF needs: the schema says which version it is (1.1 or later), and outputs say it too.
xsd_version=$(xmllint --xpath 'string(/*/@version)' "$SCHEMA")
[ "${xsd_version#1.}" -ge 1 ] 2>/dev/null && grep -q " schemaVersion=\"$xsd_version\">$" "$pdf_out/CM16-0213037.xml" \
	&& pass "pdf the schema's version ($xsd_version, 1.1 or later) is the one outputs carry" || fail "pdf schema version"
# The published PDFs are encrypted (permission flags, an empty user password), and read as they are.
pdf=tests/corpus/pdf/CM16-0213037.pdf
qpdf --is-encrypted "$pdf" && pass "pdf the published PDFs are encrypted" || fail "pdf the published PDFs are encrypted"
# Positions are in the text -t text prints: a PDF cut to its first pages says what that text says, where it says.
for cut in "CM16-0213037 1 1" "CM17-0009441 1-3 0"; do
	read -r name range want <<<"$cut"
	qpdf "tests/corpus/pdf/$name.pdf" --pages . "$range" -- "$TMP/cut.pdf"
	"$IMRC" "$TMP/cut.pdf" -o "$TMP/cut.xml" 2>"$TMP/cut-pdf.err"
	status=$?
	"$IMRC" -t text "$TMP/cut.pdf" -o "$TMP/cut.txt" && "$IMRC" "$TMP/cut.txt" -o "$TMP/cut-text.xml" 2>"$TMP/cut-text.err"
	[ $status = "$want" ] && [ -s "$TMP/cut-pdf.err" ] && cmp -s <(sed 's/^[^:]*\.pdf:/X:/' "$TMP/cut-pdf.err") \
		<(sed 's/^[^:]*\.txt:/X:/' "$TMP/cut-text.err") \
		&& pass "pdf $name pages $range: the PDF's messages are those of its -t text, at the same places" \
		|| fail "pdf $name pages $range: messages" "exit $status; $(cat "$TMP/cut-pdf.err" "$TMP/cut-text.err")"
done
# Chosen by content, not by name.
cp "$pdf" "$TMP/pdf-named.txt" && cp tests/corpus/pdftotext/CM16-0213037.txt "$TMP/text-named.pdf"
"$IMRC" "$TMP/pdf-named.txt" | grep -q ' shape="pdf" pageCount="2" ' && "$IMRC" "$TMP/text-named.pdf" \
	| grep -q ' shape="pdftotext" encoding="utf-8" ' && pass "pdf chosen by content: %PDF- at the start, not the name" \
	|| fail "pdf chosen by content"
"$IMRC" -t json "$pdf" | jq -e '.source.shape == "pdf" and .source.pageCount == 2 and (.source | has("encoding") | not)
	and .items.item[1].page == 2' >/dev/null && pass "pdf JSON: source and pages as in the XML, counts as numbers" \
	|| fail "pdf JSON source"
"$IMRC" "$pdf" -o "$TMP/plain.xml" && "$IMRC" --input-encoding=latin1 "$pdf" -o "$TMP/latin1.xml" \
	&& same "pdf --input-encoding does not apply to a PDF (its text is UTF-8)" "$TMP/plain.xml" "$TMP/latin1.xml"
# Bad PDFs, made from a corpus PDF: exit 1, their message at FILE:1:1, no output.
qpdf --encrypt USERPW OWNERPW 256 -- "$pdf" "$TMP/password.pdf"
gs -q -sDEVICE=pdfimage24 -r72 -o "$TMP/scan.pdf" "$pdf"
head -c $(($(wc -c <"$pdf") / 2)) "$pdf" >"$TMP/truncated.pdf"
qpdf --empty "$TMP/no-pages.pdf"
: >"$TMP/x.pdf"
while IFS='|' read -r bad message; do
	rm -f "$TMP/bad.xml"
	expect "pdf $bad: exit 1" 1 "$IMRC" "$TMP/$bad" -o "$TMP/bad.xml"
	[ "$(cat "$TMP/err")" = "$TMP/$bad:1:1: error: $message" ] && [ ! -e "$TMP/bad.xml" ] \
		&& pass "pdf $bad: its message, no output" || fail "pdf $bad: message" "$(cat "$TMP/err")"
done <<'BAD'
password.pdf|the PDF needs a password: remove it first (qpdf --decrypt --password=PASSWORD IN.pdf OUT.pdf), then compile the copy
scan.pdf|no text on any of the PDF's 2 pages (a scan?): run OCR on it first (ocrmypdf IN.pdf OUT.pdf), then compile the copy
truncated.pdf|a damaged or truncated PDF: its text cannot be read (PDF document is damaged)
no-pages.pdf|a PDF without pages: no letter in it
x.pdf|empty file: expected an IMR final determination letter
BAD
# poppler's own messages never reach standard output, even with GLib's debug messages on.
env G_MESSAGES_DEBUG=all "$IMRC" "$TMP/truncated.pdf" >"$TMP/out" 2>"$TMP/err"
[ ! -s "$TMP/out" ] && [ "$(cat "$TMP/err")" = "$TMP/truncated.pdf:1:1: error: a damaged or truncated PDF: its text cannot be read (PDF document is damaged)" ] \
	&& pass "pdf G_MESSAGES_DEBUG=all: nothing of poppler's on stdout or stderr" || fail "pdf poppler's messages" "$(cat "$TMP/out" "$TMP/err")"
# A batch of PDFs, bad ones and text letters goes on past the bad ones; -d names NAME.pdf's output NAME.xml.
mkdir -p "$TMP/mixed" && cp "$pdf" "$TMP/password.pdf" "$TMP/scan.pdf" "$TMP/mixed/" \
	&& cp tests/corpus/pdfbox/CM16-0228949.txt "$TMP/mixed/"
(cd "$TMP/mixed" && "$IMRC" -q -d out --report=report.csv CM16-0213037.pdf password.pdf CM16-0228949.txt scan.pdf) \
	2>"$TMP/err"
status=$?
[ $status = 1 ] && [ "$(cut -d: -f1-4 "$TMP/err")" = "password.pdf:1:1: error
scan.pdf:1:1: error" ] && [ "$(cd "$TMP/mixed/out" && ls)" = "CM16-0213037.xml
CM16-0228949.xml" ] && [ "$(cut -d, -f1-5 "$TMP/mixed/report.csv")" = "file,status,items,warnings,errors
CM16-0213037.pdf,compiled,2,0,0
password.pdf,rejected,0,0,1
CM16-0228949.txt,compiled,1,0,0
scan.pdf,rejected,0,0,1" ] && grep -q '^scan.pdf,rejected,0,0,1,"no text on any of the PDF' "$TMP/mixed/report.csv" \
	&& pass "pdf a batch with bad PDFs and text letters: the others written, each reported" \
	|| fail "pdf a mixed batch" "exit $status; $(cat "$TMP/err"; ls "$TMP/mixed/out"; cat "$TMP/mixed/report.csv")"
cp tests/corpus/pdfbox/CM16-0213037.txt "$TMP/mixed/"
(cd "$TMP/mixed" && "$IMRC" -d out2 CM16-0213037.pdf CM16-0213037.txt) 2>"$TMP/err"
status=$?
[ $status = 2 ] && [ "$(cat "$TMP/err")" = "imrc: CM16-0213037.pdf and CM16-0213037.txt would both write out2/CM16-0213037.xml: compile one of them in another run, or rename it" ] \
	&& [ ! -e "$TMP/mixed/out2" ] && pass "pdf x.pdf beside x.txt under -d: a clash, nothing written" \
	|| fail "pdf x.pdf beside x.txt" "exit $status; $(cat "$TMP/err")"

# --- backends -----------------------------------------------------------------------------------------------
# jq '.items.item[].request.text' gives a request a line for every letter, as many as the XML has items; CSV
# has a row per item below its header (RFC 4180, read by Python's csv module); -t csv -o writes one table for a
# whole batch.
all_letters=("${letters[@]}" tests/corpus/pdftotext/*.txt)
expect "backends JSON of every letter" 0 "$IMRC" -q -t json -d "$TMP/json" "${all_letters[@]}"
"$IMRC" -q -t csv -d "$TMP/csv" "${all_letters[@]}" 2>>"$TMP/err"
json_files=()
for txt in "${all_letters[@]}"; do
	name=${txt%.txt}
	json_files+=("$TMP/json/$name.json")
	xml_items=$(grep -c '<item ' "$TMP/$( [ "${txt#tests/corpus/pdftotext}" = "$txt" ] && echo letters || echo pdftotext)/$(basename "$name").xml")
	if requests=$(jq '.items.item[].request.text' "$TMP/json/$name.json" 2>&1); then
		json_items=$(grep -c '^"' <<<"$requests")
	else
		json_items="jq failed: $requests"
	fi
	csv_rows=$(/usr/bin/python3 -c 'import csv, sys; print(len(list(csv.reader(open(sys.argv[1], newline="")))))' \
		"$TMP/csv/$name.csv")
	if [ "$json_items" = "$xml_items" ] && [ "$csv_rows" = $((xml_items + 1)) ]; then
		pass "backends $txt: jq '.items.item[].request.text' gives $xml_items requests, CSV has $csv_rows rows"
	else
		fail "backends $txt" "XML $xml_items items, JSON requests: $json_items, CSV $csv_rows rows"
	fi
done
expect "backends one CSV table for a batch" 0 "$IMRC" -q -t csv -o "$TMP/table.csv" "${letters[@]}"
rows=$(/usr/bin/python3 -c 'import csv, sys; print(len(list(csv.reader(open(sys.argv[1], newline="")))))' "$TMP/table.csv")
items=$(cat "$TMP"/letters/*.xml | grep -c '<item ')
[ "$rows" = $((items + 1)) ] && head -1 "$TMP/table.csv" | grep -q '^file,case,decided,' \
	&& pass "backends one table: a header and $items item rows" || fail "backends one table" "$rows rows for $items items"
# The three CSV tables (--table=items, citations, letters), one table and -d, against the letters' texts and rows
# read by hand (tests/check_tables.py); the options; every column documented in README, the man page and --help.
mkdir -p "$TMP/tables"
report /usr/bin/python3 tests/check_tables.py "$IMRC" "$TMP/tables" tests/seeds tests/corpus/pdfbox tests/corpus/pdftotext
expect "tables --table=nope exits 2" 2 "$IMRC" --table=nope tests/seeds/000_1161a8377c1652dd.txt
[ "$(head -1 "$TMP/err")" = "imrc: unknown table 'nope': expected items, citations or letters" ] \
	&& pass "tables unknown table message" || fail "tables unknown table message" "$(cat "$TMP/err")"
expect "tables --table with -t json exits 2" 2 "$IMRC" -t json --table=letters tests/seeds/000_1161a8377c1652dd.txt
[ "$(head -1 "$TMP/err")" = "imrc: --table is a table of -t csv: give -t csv, or leave -t out" ] && [ ! -s "$TMP/out" ] \
	&& pass "tables --table with another format: message, no output" || fail "tables --table with -t json" "$(cat "$TMP/err")"
"$IMRC" --table=letters tests/seeds/000_1161a8377c1652dd.txt >"$TMP/implied.csv" \
	&& "$IMRC" --table=letters -t csv tests/seeds/000_1161a8377c1652dd.txt >"$TMP/explicit.csv" \
	&& head -1 "$TMP/implied.csv" | grep -q '^file,case,assigned,' \
	&& same "tables --table alone implies -t csv" "$TMP/explicit.csv" "$TMP/implied.csv" \
	|| fail "tables --table alone implies -t csv"
"$IMRC" --help >"$TMP/help"
for table in items citations letters; do
	missing=""
	for column in $("$IMRC" --table=$table tests/seeds/000_1161a8377c1652dd.txt | head -1 | tr -d '\r' | tr , ' '); do
		grep -q "^| \`$column\` |" README.md || missing="$missing $column (README.md)"
		grep -qx "\.It Cm $column" imrc.1 || missing="$missing $column (imrc.1)"
		grep -q "\b$column\b" "$TMP/help" || missing="$missing $column (--help)"
	done
	[ -z "$missing" ] && pass "tables every column of $table is documented" || fail "tables $table columns documented" "$missing"
done
jq -e '.case.number == "CM16-0213037" and .items.item[0].decision == "upheld" and .patient.age == 48
	and .items.item[0].number == 1 and .reviewer.specialty[0].text == "Family Practice"
	and (.items.item[0].request.text | startswith("MRI of the right shoulder"))
	and .items.item[0].request.bodyRegion[0] == {side: "right", text: "right shoulder"}
	and .items.item[0].guideline[1].label.text == "MAXIMUS guideline:"
	and .items.item[0].guideline[1].p[0].citation[0].section[0].text == "Special Studies"' \
	"$TMP/json/tests/corpus/pdfbox/CM16-0213037.json" >/dev/null \
	&& pass "backends JSON names fields as the XML does" || fail "backends JSON names"

# --- JSON -----------------------------------------------------------------------------------------------------
# -t jsonl writes the documents of -t json, a letter a line, in input order, for any number of inputs. Every
# JSON document the tests write (the letters above, examples, golden files, JSON Lines) validates against
# schemas/imrc.schema.json, which agrees with the XSD type by type (tests/check_json.py, one process).
mkdir -p "$TMP/jsonl"
expect "json examples and golden letters" 0 "$IMRC" -q -t json -d "$TMP/json" examples/*.txt tests/golden/*.txt
expect "json letters read from their PDFs" 0 "$IMRC" -q -t jsonl -o "$TMP/jsonl/pdf.jsonl" \
	tests/corpus/pdf/*.pdf
expect "jsonl every letter to one file (-o)" 0 "$IMRC" -q -t jsonl -o "$TMP/jsonl/all.jsonl" "${all_letters[@]}"
jq -c . "${json_files[@]}" >"$TMP/want.jsonl"
jq -c . "$TMP/jsonl/all.jsonl" >"$TMP/got.jsonl"
[ "$(wc -l <"$TMP/jsonl/all.jsonl")" = ${#all_letters[@]} ] \
	&& pass "jsonl a line a letter (${#all_letters[@]})" || fail "jsonl a line a letter" "$(wc -l <"$TMP/jsonl/all.jsonl")"
same "jsonl each line is the letter's -t json document, in input order" "$TMP/want.jsonl" "$TMP/got.jsonl"
expect "jsonl -j2 to stdout" 0 "$IMRC" -q -j2 -t jsonl "${all_letters[@]}"
same "jsonl -j2 writes the same stream" "$TMP/jsonl/all.jsonl" "$TMP/out"
expect "jsonl a rejected letter among good ones: exit 1" 1 sh -c "'$IMRC' -t jsonl examples/seed-001.txt \
	tests/errors/empty.txt - examples/seed-000.txt < examples/seed-002.txt"
cp "$TMP/out" "$TMP/jsonl/rejected.jsonl"
[ "$(jq -r .source.name "$TMP/out" | tr '\n' ' ')" = "examples/seed-001.txt <stdin> examples/seed-000.txt " ] \
	&& [ "$(wc -l <"$TMP/out")" = 3 ] && grep -q '^tests/errors/empty.txt:1:1: error: ' "$TMP/err" \
	&& pass "jsonl a rejected letter: no line for it, the others in input order" \
	|| fail "jsonl a rejected letter" "$(jq -r .source.name "$TMP/out"; cat "$TMP/err")"
rm -rf "$TMP/jsonl-d"
expect "jsonl -d is a usage error" 2 "$IMRC" -t jsonl -d "$TMP/jsonl-d" examples/seed-001.txt
[ "$(head -1 "$TMP/err")" = "imrc: -t jsonl writes one stream for all inputs: it does not take -d (use -o or stdout)" ] \
	&& [ ! -e "$TMP/jsonl-d" ] && pass "jsonl -d: message, nothing written" || fail "jsonl -d message" "$(cat "$TMP/err")"
major=$(jq -r '."$id"' schemas/imrc.schema.json | sed 's/.*://')
xsd_version=$(xmllint --xpath 'string(/*/@version)' "$SCHEMA")
jq -e -s --arg major "$major" --arg xsd "$xsd_version" 'length > 100 and all(.[]; .jsonVersion == "2.0"
	and .schemaVersion == $xsd) and $major == "2" and $xsd != ""' "$TMP/jsonl/all.jsonl" >/dev/null \
	&& pass "json every document says jsonVersion 2.0, the major of the JSON Schema's \$id" \
	|| fail "json version" "$(jq -r .jsonVersion "$TMP/jsonl/all.jsonl" | sort | uniq -c; echo "\$id major: $major")"
report /usr/bin/python3 tests/check_json.py schemas/imrc.schema.json "$SCHEMA" \
	$(find "$TMP/json" "$TMP/jsonl" examples tests/golden -name '*.json' -o -name '*.jsonl' | sort)
"$IMRC" --print-schema >"$TMP/schema.xsd"
same "backends --print-schema writes the embedded schema" schemas/imrc.xsd "$TMP/schema.xsd"

# The query cookbook of README.md: each xmllint and jq command, run on the compiled corpus, answers what the
# letters' texts say (tests/cookbook.py; the basex commands run in make basex).
mkdir -p "$TMP/cookbook"
(cd tests/corpus/pdfbox && "$IMRC" -q -d "$TMP/cookbook/out" ./*.txt && "$IMRC" -q -t json -d "$TMP/cookbook/json" ./*.txt)
cp "$TMP/cookbook/out/CM16-0213037.xml" "$TMP/cookbook/letter.xml"
report /usr/bin/python3 tests/cookbook.py xmllint,jq "$TMP/cookbook" tests/corpus/pdfbox/CM16-0213037.txt tests/corpus/pdfbox/*.txt

# --- set-up: make deps ----------------------------------------------------------------------------------------
# make check installs what is missing quietly and shows apt's output only when it fails; without root it names
# the command. A package that cannot be installed (the name is ours) and an apt-get of the test's own (first in
# PATH, printing noise and succeeding or failing) stand in for a machine missing a package.
mkdir -p "$TMP/fakebin"
printf '#!/bin/sh\necho "apt noise: $*"\nexit ${FAKE_APT_STATUS:-0}\n' >"$TMP/fakebin/apt-get"
chmod +x "$TMP/fakebin/apt-get"
deps_out=$(PATH="$TMP/fakebin:$PATH" make -s --no-print-directory deps DEBS=imrc-test-missing 2>&1); deps_status=$?
deps_fail=$(PATH="$TMP/fakebin:$PATH" FAKE_APT_STATUS=1 make -s --no-print-directory deps DEBS=imrc-test-missing 2>&1)
if [ "$(id -u)" = 0 ]; then
	[ "$deps_status" = 0 ] && [ "$deps_out" = "installing: imrc-test-missing" ] \
		&& pass "make deps: apt quiet when it succeeds" || fail "make deps: apt quiet when it succeeds" "$deps_out"
	case $deps_fail in
	*"apt noise: update -qq"*"imrc: installing imrc-test-missing failed (apt's output above)"*)
		pass "make deps: apt's output shown when it fails" ;;
	*) fail "make deps: apt's output shown when it fails" "$deps_fail" ;;
	esac
else
	[ "$deps_status" != 0 ] && [ "$deps_out" = "missing packages; run: sudo apt-get install -y imrc-test-missing" ] \
		&& pass "make deps: the command named without root" || fail "make deps: the command named without root" "$deps_out"
fi

# --- man page and install ------------------------------------------------------------------------------------
mandoc -Tlint imrc.1 >"$TMP/lint" 2>&1 && [ ! -s "$TMP/lint" ] && pass "man page lints clean" \
	|| fail "man page lints clean" "$(cat "$TMP/lint")"
# The output policy, the limits and the CSV rule are written down where users look (and kept in step with src/).
for doc in README.md imrc.1; do
	grep -q 'never opened or followed' "$doc" && grep -q '0666 less the umask' "$doc" && grep -q 'minute old' "$doc" \
	&& grep -q '1,000,000 bytes' "$doc" && grep -q '512M' "$doc" && grep -q 'apostrophe' "$doc" \
	&& pass "$doc states the output policy, the limits and the CSV rule" || fail "$doc states the output policy"
done
grep -q "STALE_SECONDS 60" src/output.h && grep -q "MAX_TEXT_RUN 1000000" src/parse.h \
	&& pass "the documented limits are the code's" || fail "the documented limits are the code's"
dest="$TMP/dest"
if make -s install BIN="$IMRC" DESTDIR="$dest" PREFIX=/usr >"$TMP/install" 2>&1 && [ -x "$dest/usr/bin/imrc" ] \
   && [ -f "$dest/usr/share/man/man1/imrc.1" ] && [ -f "$dest/usr/share/imrc/imrc.xsd" ] \
   && cmp -s schemas/imrc.schema.json "$dest/usr/share/imrc/imrc.schema.json" \
   && "$dest/usr/bin/imrc" --version | grep -q '^imrc ' \
   && "$dest/usr/bin/imrc" -q tests/seeds/000_1161a8377c1652dd.txt -o "$TMP/installed.xml"; then
	pass "make install lays out bin, man and share; the installed binary runs"
else
	fail "make install" "$(cat "$TMP/install"; find "$dest" 2>/dev/null)"
fi
make -s uninstall DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1
[ -z "$(find "$dest" -type f 2>/dev/null)" ] && pass "make uninstall removes what install put" \
	|| fail "make uninstall" "$(find "$dest" -type f)"

# Plain make on a machine without the build packages says what to run (a PATH without bison, flex and the rest).
mkdir -p "$TMP/bare-bin"
for tool in make sh bash mkdir rm cat; do ln -sf "$(command -v $tool)" "$TMP/bare-bin/$tool"; done
PATH="$TMP/bare-bin" make -s BUILD="$TMP/bare-build" BIN="$TMP/bare-imrc" >"$TMP/bare.out" 2>&1
status=$?
[ $status != 0 ] && grep -q "^imrc: cannot build, missing: flex bison pkg-config" "$TMP/bare.out" \
	&& grep -q "^run 'make check' (as root it installs them and runs the tests), or: sudo apt-get install -y flex bison" "$TMP/bare.out" \
	&& ! grep -q "No such file" "$TMP/bare.out" && pass "make without the build packages names what to run" \
	|| fail "make without the build packages" "exit $status; $(cat "$TMP/bare.out")"
[ -f LICENSE ] && grep -q "GNU GENERAL PUBLIC LICENSE" LICENSE && grep -q "Version 3" LICENSE \
	&& grep -q "GPL-3.0-or-later" README.md && pass "LICENSE is the GPL 3, and the README says so" || fail "LICENSE"
if sources=$(git ls-files 'src/*' 'grammar/*' 'tests/*.py' 'tests/*.sh' 'tests/fuzz/*.c' Makefile .ci/run imrc.1 \
	schemas/imrc.xsd 2>/dev/null) && [ -n "$sources" ]; then
	untagged=$(for f in $sources; do head -3 "$f" | grep -q 'SPDX-License-Identifier: GPL-3.0-or-later' || echo "$f"; done)
	[ -z "$untagged" ] && pass "every source file carries the SPDX tag GPL-3.0-or-later" \
		|| fail "every source file carries the SPDX tag" "$untagged"
else
	echo "# skipped: the SPDX tags of the sources (not a git checkout)"
fi

# --- nothing lost -------------------------------------------------------------------------------------------
# The text backend gives back every character of the letter but its layout (blanks, line breaks, form feeds), in
# order but for the case header, a set of fields (tests/check_kept.py).
report /usr/bin/python3 tests/check_kept.py "$IMRC" "${letters[@]}" tests/corpus/pdftotext/*.txt \
	tests/corpus/pdftotext-layout/*.txt tests/corpus/pdfbox-cli/*.txt

# --- layout damage ------------------------------------------------------------------------------------------
# Damaged copies of real letters (really damaged: they differ) give the same XML as the letters, but for the
# source and page attributes.
clean_xml() { sed -e '/<source /d' -e 's/ page="[0-9]*"//g' "$1"; }
damaged() {            # damaged NAME ORIGINAL: $TMP/damaged.txt must compile like ORIGINAL
	if ! cmp -s "$2" "$TMP/damaged.txt" && "$IMRC" "$2" -o "$TMP/clean.xml" 2>/dev/null \
	   && "$IMRC" "$TMP/damaged.txt" -o "$TMP/damaged.xml" 2>"$TMP/err" \
	   && [ ! -s "$TMP/err" ] && cmp -s <(clean_xml "$TMP/clean.xml") <(clean_xml "$TMP/damaged.xml"); then
		pass "layout damage: $1"
	else
		fail "layout damage: $1" "$(cat "$TMP/err"; diff <(clean_xml "$TMP/clean.xml") <(clean_xml "$TMP/damaged.xml") | head)"
	fi
}
pdfbox=tests/seeds/002_8b2a3e9d9f9e1e33.txt
pdftotext=tests/corpus/pdftotext/CM16-0231706.txt
sed 's/$/\r/' "$pdfbox" >"$TMP/damaged.txt" && damaged "CRLF line ends" "$pdfbox"
tr '\n' '\r' <"$pdfbox" >"$TMP/damaged.txt" && damaged "lone CR line ends" "$pdfbox"
tr '\n' '\r' <"$pdftotext" >"$TMP/damaged.txt" && damaged "lone CR line ends (pdftotext)" "$pdftotext"
printf '%s' "$(cat "$pdfbox")" >"$TMP/damaged.txt" && damaged "no final newline" "$pdfbox"
{ cat "$pdftotext"; printf '\n\n'; } >"$TMP/damaged.txt" && damaged "newlines after the final form feed (pdftotext)" "$pdftotext"
# pdftotext ends every page with a form feed: text without the last one may have lost its last page, so the same
# XML comes with a warning at the end.
sed -z 's/[\n\f]*$//' "$pdftotext" >"$TMP/damaged.txt"
"$IMRC" "$TMP/damaged.txt" -o "$TMP/damaged.xml" 2>"$TMP/err" && "$IMRC" "$pdftotext" -o "$TMP/clean.xml" \
	&& cmp -s <(clean_xml "$TMP/clean.xml") <(clean_xml "$TMP/damaged.xml") \
	&& [ "$(cat "$TMP/err")" = "$TMP/damaged.txt:$(($(wc -l <"$TMP/damaged.txt") + 1)):$(($(tail -1 "$TMP/damaged.txt" | wc -m) + 1)): warning: the text ends without a form feed, as pdftotext ends every page: the last page may be missing" ] \
	&& pass "layout damage: no final form feed (pdftotext): the same XML, and a warning at the end" \
	|| fail "layout damage: no final form feed (pdftotext)" "$(cat "$TMP/err")"
{ cat "$pdftotext"; printf '\n\f\n\f\n\n\f'; } >"$TMP/damaged.txt" && damaged "trailing blank pages" "$pdftotext"
{ cat "$pdfbox"; printf '\n\n\n\n \n\n\n\n'; } >"$TMP/damaged.txt" && damaged "trailing empty lines (pdfbox)" "$pdfbox"
sed 's/^re-examination was the original request/\fre-examination was the original request/' "$pdftotext" \
	>"$TMP/damaged.txt" && damaged "page break inside a heading (pdftotext)" "$pdftotext"
sed 's/^\(Claims Administrator guideline:\)/\f\1/' "$pdftotext" >"$TMP/damaged.txt" \
	&& damaged "page break before a label (pdftotext)" "$pdftotext"
sed 's/^\(Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines \)$/\1\n\n\n/' \
	"$pdfbox" >"$TMP/damaged.txt" && damaged "page break inside a guideline (pdfbox)" "$pdfbox"
awk 'NR == 41 { for (i = 0; i < 3000; i++) printf "%s", $0; print ""; next } { print }' "$pdfbox" >"$TMP/damaged.txt"
if "$IMRC" "$TMP/damaged.txt" -o "$TMP/long.xml" 2>"$TMP/err" && [ ! -s "$TMP/err" ] \
   && xmllint --noout --schema "$SCHEMA" "$TMP/long.xml" 2>/dev/null && [ "$(grep -c '<item ' "$TMP/long.xml")" = 2 ] \
   && [ "$(wc -c <"$TMP/damaged.txt")" -gt 200000 ]; then
	pass "layout damage: a 200 KB line"
else
	fail "layout damage: a 200 KB line" "$(cat "$TMP/err")"
fi

# Damage generated over every corpus letter (tests/check_damage.py): letterhead and cover lines before the first
# section; PDFBox text that kept its paragraph marks in one or three places only; each decision alone on the line
# after its heading's colon with the one mark after the intro sentence; a summary line that begins with a header
# label; pdftotext modified-request headings broken right after "... was the original request.". The header and
# items stay those of the undamaged letter.
for kind in letterhead sparse-marks decision-alone label-in-text modified-break; do
	mkdir -p "$TMP/damage-$kind"
	report /usr/bin/python3 tests/check_damage.py "$IMRC" "$TMP/damage-$kind" $kind
done

# Every pdftotext letter with the period dropped from each "necessary." that ends a rationale right before the next
# heading (no paragraph marks say where that heading begins): where the rationale's last line is short, the
# heading still begins after it (81 letters keep their requests); where it is full, the letter is rejected (15),
# except CM17-0015198, whose next request takes in the rationale's last lines (grammar/letter.l: ends_paragraph).
kept=0 rejected=0 silent=""
for txt in tests/corpus/pdftotext/*.txt; do
	awk '{ line[NR] = $0 } END { for (i = 1; i <= NR; i++) {
		l = line[i]
		if (i < NR && line[i + 1] ~ /(: (Upheld|Overturned)|^(Upheld|Overturned)) *$/ && l ~ /necessary\. *$/)
			sub(/\. *$/, "", l)
		print l } }' "$txt" >"$TMP/damaged.txt"
	cmp -s "$txt" "$TMP/damaged.txt" && continue
	"$IMRC" "$txt" -o "$TMP/clean.xml" 2>/dev/null
	if ! "$IMRC" "$TMP/damaged.txt" -o "$TMP/damaged.xml" 2>/dev/null; then
		rejected=$((rejected + 1))
	elif cmp -s <(grep -o '<request[ >].*</request>' "$TMP/clean.xml") <(grep -o '<request[ >].*</request>' "$TMP/damaged.xml"); then
		kept=$((kept + 1))
	else
		silent="$silent $(basename "$txt" .txt)"
	fi
done
if [ "$kept $rejected$silent" = "81 15 CM17-0015198" ]; then
	pass "layout damage: rationales without their last period (pdftotext)"
else
	fail "layout damage: rationales without their last period (pdftotext)" "kept $kept, rejected $rejected, other requests:$silent"
fi

# --- errors -------------------------------------------------------------------------------------------------
for txt in tests/errors/*.txt; do
	name=${txt%.txt}
	rm -f "$TMP/rejected.xml"
	"$IMRC" "$txt" -o "$TMP/rejected.xml" 2>"$TMP/err"
	status=$?
	if [ $status = 1 ] && [ ! -e "$TMP/rejected.xml" ] && cmp -s "$name.err" "$TMP/err"; then
		pass "error $txt"
	else
		fail "error $txt" "exit $status; stderr: $(cat "$TMP/err"); expected: $(cat "$name.err")"
	fi
	echo previous >"$TMP/kept.xml"
	"$IMRC" "$txt" -o "$TMP/kept.xml" 2>/dev/null
	if [ "$(cat "$TMP/kept.xml")" = previous ] && [ -z "$(ls -A "$TMP" | grep '^\.')" ]; then
		pass "error $txt leaves an existing output and no temporary file"
	else
		fail "error $txt leaves an existing output and no temporary file"
	fi
done

# --- our own output failing our schema ---------------------------------------------------------------------
# STRICT_IMRC (made by make check) embeds a schema that refuses "Upheld", wants a credentials block and has no
# cpt (tests/strict-schema.sed): an upheld item, a 2014 letter, or JSON with a cpt is then output imrc's own
# schema rejects. That
# is an internal error (exit 4), pinned to the place in the letter of the element the message is about, with
# nothing written; the other letters of a batch are still compiled.
if [ -n "${STRICT_IMRC:-}" ]; then
	strict=$STRICT_IMRC
	case $strict in /*) ;; *) strict=$PWD/$strict ;; esac
	echo previous >"$TMP/kept.xml"
	expect "schema failure exits 4" 4 "$strict" examples/CM16-0213037.txt -o "$TMP/kept.xml"
	printf '%s\n' "examples/CM16-0213037.txt:97:43: error: internal error: the XML does not follow the schema: \
Element '{urn:imrc:determination:1}decisionText': [facet 'enumeration'] The value 'Upheld' is not an element of \
the set {'Overturned'}. (and more)" >"$TMP/want"
	same "schema failure message" "$TMP/want" "$TMP/err"
	expect "schema failure at an element's end exits 4" 4 "$strict" tests/seeds/001_0a0da20b1dcb1a45.txt -o "$TMP/x.xml"
	printf '%s\n' "tests/seeds/001_0a0da20b1dcb1a45.txt:1:2: error: internal error: the XML does not follow the \
schema: Element '{urn:imrc:determination:1}howMade': Missing child element(s). Expected is one of ( \
{urn:imrc:determination:1}p, {urn:imrc:determination:1}credentials ). (and more)" >"$TMP/want"
	same "schema failure at an element's end: the message points at that element" "$TMP/want" "$TMP/err"
	expect "schema failure in JSON exits 4" 4 "$strict" -t json tests/golden/markup.txt -o "$TMP/strict.json"
	printf '%s\n' "tests/golden/markup.txt:60:5: error: internal error: the JSON does not follow the schema: an \
element its parent's type does not declare ('cpt')" >"$TMP/want"
	grep -v ': warning: ' "$TMP/err" >"$TMP/err-only"
	same "schema failure in JSON: the message points at the element" "$TMP/want" "$TMP/err-only"
	[ ! -e "$TMP/strict.json" ] && pass "schema failure in JSON: nothing written" || fail "schema failure in JSON: nothing written"
	expect "the strict schema's JSON of a letter without cpt" 0 "$strict" -t json examples/CM16-0213037.txt
	if [ "$(cat "$TMP/kept.xml")" = previous ] && [ -z "$(ls -A "$TMP" | grep '^\.')" ]; then
		pass "schema failure leaves the existing output and no temporary file"
	else
		fail "schema failure leaves the existing output and no temporary file"
	fi
	rm -rf "$TMP/strict"
	expect "schema failure in a batch exits 4" 4 "$strict" -q -d "$TMP/strict" examples/CM16-0213037.txt \
		tests/corpus/pdfbox/CM16-0240259.txt
	if [ ! -e "$TMP/strict/CM16-0213037.xml" ] && [ -s "$TMP/strict/tests/corpus/pdfbox/CM16-0240259.xml" ]; then
		pass "schema failure in a batch: the other letter is written"
	else
		fail "schema failure in a batch: the other letter is written" "$(ls -R "$TMP/strict")"
	fi
else
	fail "STRICT_IMRC is set (make check builds it)"
fi

# --- cli ----------------------------------------------------------------------------------------------------
seed=tests/seeds/000_1161a8377c1652dd.txt
expect "cli --help exits 0" 0 "$IMRC" --help
grep -q '^Usage: imrc' "$TMP/out" && pass "cli --help prints usage on stdout" || fail "cli --help prints usage on stdout"
grep -q '^A FILE that begins with %PDF- is a PDF' "$TMP/out" && grep -q '^  imrc letter.pdf -o letter.xml' "$TMP/out" \
	&& pass "cli --help says how a PDF is read" || fail "cli --help says how a PDF is read"
grep -q '^Examples:' "$TMP/out" && grep -q '^Exit status: 0 every input compiled; 1 ' "$TMP/out" \
	&& pass "cli --help has examples and the exit statuses" || fail "cli --help has examples and the exit statuses"
expect "cli --version exits 0" 0 "$IMRC" --version
grep -qx 'imrc [0-9]*\.[0-9]*\.[0-9]*' "$TMP/out" && pass "cli --version" || fail "cli --version" "$(cat "$TMP/out")"
expect "cli unknown option exits 2" 2 "$IMRC" --frobnicate "$seed"
grep -q "^imrc: unknown option '--frobnicate'" "$TMP/err" && pass "cli unknown option message" \
	|| fail "cli unknown option message" "$(cat "$TMP/err")"
expect "cli no input exits 2" 2 "$IMRC" </dev/null
cp "$seed" "$TMP/victim.txt"
expect "cli --report never writes over an input" 2 "$IMRC" --report="$TMP/victim.txt" "$TMP/victim.txt"
cmp -s "$seed" "$TMP/victim.txt" && pass "cli --report left the input as it was" || fail "cli --report over an input"
expect "cli -t csv -o never writes over an input" 2 "$IMRC" -t csv -o "$TMP/victim.txt" "$TMP/victim.txt"
cmp -s "$seed" "$TMP/victim.txt" && pass "cli -t csv -o left the input as it was" || fail "cli -t csv -o over an input"
cp "$seed" "$TMP/$(printf 'odd\001name\377.txt')"
"$IMRC" "$TMP/$(printf 'odd\001name\377.txt')" 2>/dev/null | xmllint --noout - 2>/dev/null \
	&& pass "cli a file name with control bytes still gives well-formed XML" || fail "cli odd file name"
"$IMRC" -t csv tests/golden/no-citation.txt | tail -1 | tr -d '\r' | grep -q ',not-medically-necessary,,,,2016-11-09,' \
	&& pass "cli CSV: an item without citations has empty citation cells" || fail "cli CSV empty citations"
expect "cli unknown format exits 2" 2 "$IMRC" -t pdf "$seed"
expect "cli -o and -d together exit 2" 2 "$IMRC" -o "$TMP/a.xml" -d "$TMP" "$seed"
expect "cli two inputs without -d exit 2" 2 "$IMRC" "$seed" "$seed"
expect "cli missing input exits 3" 3 "$IMRC" "$TMP/no-such-letter.txt" -o "$TMP/missing.xml"
grep -qx "imrc: $TMP/no-such-letter.txt: No such file or directory" "$TMP/err" && [ ! -e "$TMP/missing.xml" ] \
	&& pass "cli missing input message" || fail "cli missing input message" "$(cat "$TMP/err")"

expect "cli stdout when no -o" 0 "$IMRC" "$seed"
cp "$TMP/out" "$TMP/stdout.xml"
expect "cli -o - writes stdout" 0 "$IMRC" "$seed" -o -
same "cli -o - same as default" "$TMP/stdout.xml" "$TMP/out"
expect "cli - reads stdin" 0 sh -c "\"$IMRC\" - < $seed"
grep -q 'name="&lt;stdin&gt;"' "$TMP/out" && pass "cli stdin is named <stdin>" || fail "cli stdin is named <stdin>"
printf 'no letter\n' | "$IMRC" - 2>"$TMP/err" >/dev/null
[ "$(cat "$TMP/err")" = "<stdin>:1:1: error: not an IMR final determination letter: expected 'HOW THE IMR FINAL DETERMINATION WAS MADE' or a case header ('Case Number:' ...)" ] \
	&& pass "cli stdin diagnostics say <stdin>" || fail "cli stdin diagnostics say <stdin>" "$(cat "$TMP/err")"

mkdir -p "$TMP/d"
expect "cli -d compiles many" 0 sh -c "\"$IMRC\" -q -d \"$TMP/d\" $seed examples/CM16-0213037.txt - < examples/seed-001.txt"
[ -f "$TMP/d/tests/seeds/000_1161a8377c1652dd.xml" ] && [ -f "$TMP/d/examples/CM16-0213037.xml" ] \
	&& [ -f "$TMP/d/stdin.xml" ] && pass "cli -d keeps relative folders, names stdin stdin.xml" \
	|| fail "cli -d keeps relative folders" "$(cd "$TMP/d" && find . -type f)"
cp "$seed" "$TMP/abs.txt"
expect "cli -d with an absolute path" 0 "$IMRC" -d "$TMP/d" "$TMP/abs.txt" ./examples/seed-002.txt
[ -f "$TMP/d/abs.xml" ] && [ -f "$TMP/d/examples/seed-002.xml" ] && pass "cli -d absolute path: DIR/NAME.xml; ./ dropped" \
	|| fail "cli -d absolute path" "$(cd "$TMP/d" && find . -type f)"
expect "cli -d with -t tree" 0 "$IMRC" -t tree -d "$TMP/d" "$seed"
[ -f "$TMP/d/tests/seeds/000_1161a8377c1652dd.tree" ] && pass "cli -d tree extension" || fail "cli -d tree extension"
rm -rf "$TMP/d3"
expect "cli -d two inputs, one output: exit 2" 2 "$IMRC" -d "$TMP/d3" "$seed" "./$seed"
[ "$(cat "$TMP/err")" = "imrc: $seed and ./$seed would both write $TMP/d3/tests/seeds/000_1161a8377c1652dd.xml: compile one of them in another run, or rename it" ] \
	&& [ ! -e "$TMP/d3" ] && pass "cli collision: message, nothing written" || fail "cli collision message" "$(cat "$TMP/err")"
rm -rf "$TMP/d2" && mkdir "$TMP/d2"
expect "cli -d a rejected letter among good ones: exit 1" 1 "$IMRC" -q -d "$TMP/d2" tests/errors/empty.txt "$seed"
[ -f "$TMP/d2/tests/seeds/000_1161a8377c1652dd.xml" ] && [ ! -e "$TMP/d2/tests/errors/empty.xml" ] \
	&& pass "cli -d writes the good letters only" || fail "cli -d writes the good letters only" "$(cd "$TMP/d2" && find .)"

# --files-from, -0, --report, --update, -j
batch=(tests/corpus/pdfbox/*.txt tests/errors/*.txt tests/golden/*.txt)
printf '%s\n' "${batch[@]}" >"$TMP/list"
printf '%s\0' "${batch[@]}" >"$TMP/list0"
expect "cli --files-from" 1 "$IMRC" -d "$TMP/j1" --files-from="$TMP/list" --report="$TMP/report1.csv"
sed '$d' "$TMP/err" >"$TMP/err-j1"                 # the summary line holds the time
expect "cli --files-from=- -0 -j2" 1 sh -c "\"$IMRC\" -0 -j2 -d \"$TMP/j2\" --files-from=- --report=\"$TMP/report2.csv\" < \"$TMP/list0\""
sed '$d' "$TMP/err" >"$TMP/err-j2"
diff -r "$TMP/j1" "$TMP/j2" >/dev/null && pass "cli -j2 writes the same files as -j1" || fail "cli -j2 writes the same files as -j1"
same "cli -j2 prints the same diagnostics as -j1" "$TMP/err-j1" "$TMP/err-j2"
same "cli -j2 writes the same report as -j1" "$TMP/report1.csv" "$TMP/report2.csv"
# With --max-size just over the largest letter, eight threads hold more than four letters' worth of it: some wait
# for room (batch.c, LETTERS_IN_FLIGHT), and the run is still the same.
expect "cli -j8 with letters near --max-size" 1 "$IMRC" -j8 --max-size=12K -d "$TMP/j8" --files-from="$TMP/list" \
	--report="$TMP/report8.csv"
sed '$d' "$TMP/err" >"$TMP/err-j8"
diff -r "$TMP/j1" "$TMP/j8" >/dev/null && pass "cli -j8 near --max-size writes the same files as -j1" \
	|| fail "cli -j8 near --max-size writes the same files as -j1"
same "cli -j8 near --max-size prints the same diagnostics as -j1" "$TMP/err-j1" "$TMP/err-j8"
same "cli -j8 near --max-size writes the same report as -j1" "$TMP/report1.csv" "$TMP/report8.csv"
[ "$(find "$TMP/j1" -name '*.xml' | wc -l)" = "$(grep -c ',compiled,' "$TMP/report1.csv")" ] \
	&& [ "$(wc -l <"$TMP/report1.csv")" = $((${#batch[@]} + 1)) ] \
	&& grep -qx 'tests/errors/empty.txt,rejected,0,0,1,empty file: expected an IMR final determination letter' "$TMP/report1.csv" \
	&& grep -qx 'tests/corpus/pdfbox/CM17-0009441.txt,compiled,8,0,0,' "$TMP/report1.csv" \
	&& grep -qx 'tests/golden/markup.txt,compiled,3,1,0,' "$TMP/report1.csv" \
	&& head -1 "$TMP/report1.csv" | grep -qx 'file,status,items,warnings,errors,first_error' \
	&& pass "cli --report: a CSV line per letter" || fail "cli --report" "$(head -3 "$TMP/report1.csv")"
tail -1 "$TMP/err" | grep -Eq '^imrc: 1[0-9]{2} compiled, [0-9]+ rejected, 0 I/O errors, 0 skipped, [0-9]+ warnings in [0-9.]+ s$' \
	&& pass "cli a batch ends with a summary line" || fail "cli summary line" "$(tail -1 "$TMP/err")"
touch "$TMP/j1/tests/corpus/pdfbox/CM16-0213037.xml"
touch -d '2001-01-01' "$TMP/j1/tests/corpus/pdfbox/CM17-0009441.xml"
expect "cli --update" 1 "$IMRC" -q --update -d "$TMP/j1" --files-from="$TMP/list" --report="$TMP/report3.csv"
grep -qx 'tests/corpus/pdfbox/CM16-0213037.txt,skipped,0,0,0,' "$TMP/report3.csv" \
	&& grep -qx 'tests/corpus/pdfbox/CM17-0009441.txt,compiled,8,0,0,' "$TMP/report3.csv" \
	&& [ "$(grep -c ",skipped," "$TMP/report3.csv")" = $(($(grep -c ",compiled," "$TMP/report1.csv") - 1)) ] \
	&& pass "cli --update skips what is up to date, recompiles what is older" || fail "cli --update" "$(grep -c skipped "$TMP/report3.csv")"
expect "cli bad -j exits 2" 2 "$IMRC" -j many "$seed"

cp "$seed" "$TMP/self.txt"
expect "cli never writes over its input: exit 2" 2 "$IMRC" "$TMP/self.txt" -o "$TMP/self.txt"
cmp -s "$seed" "$TMP/self.txt" && pass "cli input left as it was" || fail "cli input left as it was"

if [ -w /dev/full ]; then
	expect "cli -o /dev/full exits 3" 3 "$IMRC" "$seed" -o /dev/full
	grep -q '^imrc: /dev/full: No space left on device$' "$TMP/err" && pass "cli /dev/full message" \
		|| fail "cli /dev/full message" "$(cat "$TMP/err")"
fi
# An unwritable folder: as root, the test runs imrc as nobody (root may write anywhere).
AS_USER=()
[ "$(id -u)" = 0 ] && AS_USER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro" && chmod 755 "$TMP"
cp "$seed" "$TMP/ro-input.txt" && chmod 644 "$TMP/ro-input.txt"
expect "cli unwritable folder exits 3" 3 "${AS_USER[@]}" "$IMRC" "$TMP/ro-input.txt" -o "$TMP/ro/x.xml"
[ "$(cat "$TMP/err")" = "imrc: $TMP/ro/x.xml: Permission denied" ] && [ -z "$(ls -A "$TMP/ro")" ] \
	&& pass "cli unwritable folder: message, nothing left" || fail "cli unwritable folder: message" "$(cat "$TMP/err")"
expect "cli missing output folder exits 3" 3 "$IMRC" "$seed" -o "$TMP/no/such/folder/x.xml"
# A -d folder that cannot be written stops the batch at once: one message, nothing compiled (as nobody when root).
cp "$TMP/ro-input.txt" "$TMP/ro-input2.txt"
expect "cli unwritable -d folder: exit 3" 3 "${AS_USER[@]}" "$IMRC" -d "$TMP/ro/new/out" "$TMP/ro-input.txt" "$TMP/ro-input2.txt"
[ "$(cat "$TMP/err")" = "imrc: $TMP/ro: Permission denied: no letter can be written there, so none was compiled" ] \
	&& [ -z "$(ls -A "$TMP/ro")" ] && pass "cli unwritable -d folder: one message, before any letter" \
	|| fail "cli unwritable -d folder: one message" "$(cat "$TMP/err")"

# encodings
cp1252=tests/golden/cp1252.txt
expect "cli --input-encoding=utf-8 rejects Windows-1252" 1 "$IMRC" --input-encoding=utf-8 "$cp1252" -o "$TMP/enc.xml"
[ "$(cat "$TMP/err")" = "$cp1252:155:92: error: invalid UTF-8 (byte 0x93): expected the text of a letter" ] \
	&& [ ! -e "$TMP/enc.xml" ] && pass "cli --input-encoding=utf-8 message" \
	|| fail "cli --input-encoding=utf-8 message" "$(cat "$TMP/err")"
expect "cli --input-encoding=cp1252" 0 "$IMRC" --input-encoding=cp1252 "$cp1252"
[ ! -s "$TMP/err" ] && grep -q 'encoding="cp1252"' "$TMP/out" && grep -q '“evaluation”' "$TMP/out" \
	&& pass "cli --input-encoding=cp1252: no warning, curly quotes" || fail "cli --input-encoding=cp1252" "$(cat "$TMP/err")"
expect "cli --input-encoding=latin1" 0 "$IMRC" --input-encoding=latin1 "$cp1252"
grep -q 'encoding="latin1"' "$TMP/out" && grep -q $'\xc2\x93evaluation\xc2\x94' "$TMP/out" \
	&& pass "cli --input-encoding=latin1 reads bytes as Latin-1" || fail "cli --input-encoding=latin1"
sed 's/industrial injury on/industrial\x81 injury on/' "$seed" >"$TMP/undefined.txt"
expect "cli a byte Windows-1252 leaves undefined" 0 "$IMRC" "$TMP/undefined.txt"
[ "$(cat "$TMP/err")" = "$TMP/undefined.txt:37:69: warning: not UTF-8 (byte 0x81): read as Windows-1252
$TMP/undefined.txt:37:69: warning: 1 byte undefined in CP1252 replaced by U+FFFD" ] && grep -q 'industrial� injury' "$TMP/out" \
	&& pass "cli undefined byte becomes U+FFFD with a warning" || fail "cli undefined byte" "$(cat "$TMP/err")"
expect "cli unknown encoding exits 2" 2 "$IMRC" --input-encoding=ebcdic "$cp1252"

# the size cap
expect "cli --max-size rejects a larger letter" 1 "$IMRC" --max-size=1K "$seed" -o "$TMP/big.xml"
[ "$(cat "$TMP/err")" = "$seed:1:1: error: larger than 1024 bytes (--max-size): not a letter" ] && [ ! -e "$TMP/big.xml" ] \
	&& pass "cli --max-size message" || fail "cli --max-size message" "$(cat "$TMP/err")"
expect "cli --max-size allows a smaller letter" 0 "$IMRC" --max-size=64K "$seed"
expect "cli bad --max-size exits 2" 2 "$IMRC" --max-size=lots "$seed"
size=$(wc -c <"$seed")
expect "cli --max-size on a pipe: a letter of exactly that size" 0 sh -c "cat '$seed' | '$IMRC' --max-size=$size - -o /dev/null"
expect "cli --max-size on a pipe: one byte less" 1 sh -c "cat '$seed' | '$IMRC' --max-size=$((size - 1)) - -o /dev/null"
[ "$(cat "$TMP/err")" = "<stdin>:1:1: error: larger than $((size - 1)) bytes (--max-size): not a letter" ] \
	&& pass "cli --max-size on a pipe: message" || fail "cli --max-size on a pipe: message" "$(cat "$TMP/err")"

echo previous >"$TMP/replace.xml"
chmod 640 "$TMP/replace.xml"
expect "cli replaces an existing output" 0 "$IMRC" "$seed" -o "$TMP/replace.xml"
same "cli replaced output is complete" "$TMP/stdout.xml" "$TMP/replace.xml"
[ "$(stat -c %a "$TMP/replace.xml")" = 640 ] && pass "cli replaced output keeps its mode" \
	|| fail "cli replaced output keeps its mode" "$(stat -c %a "$TMP/replace.xml")"
rm -f "$TMP/new.xml"
(umask 022 && "$IMRC" "$seed" -o "$TMP/new.xml")
[ "$(stat -c %a "$TMP/new.xml")" = 644 ] && pass "cli new output has mode 0666 less umask" \
	|| fail "cli new output has mode 0666 less umask" "$(stat -c %a "$TMP/new.xml")"

# SIGTERM and SIGINT in the middle of a batch: the conventional status, no temporary file left behind
mkdir -p "$TMP/batch" "$TMP/batch-out"
for i in $(seq 1 400); do cp tests/corpus/pdfbox/CM17-0009441.txt "$TMP/batch/letter$i.txt"; done
for sig in TERM INT; do
	rm -f "$TMP"/batch-out/* "$TMP"/batch-out/.??*
	env --default-signal=INT "$IMRC" -d "$TMP/batch-out" "$TMP"/batch/*.txt 2>/dev/null &   # '&' ignores SIGINT
	pid=$!
	while [ "$(ls "$TMP/batch-out" | wc -l)" -lt 5 ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done
	kill -$sig $pid
	wait $pid
	status=$?
	want=$((128 + $(kill -l $sig)))
	if [ $status = $want ] && [ -z "$(ls -A "$TMP/batch-out" | grep '^\.')" ]; then
		pass "cli SIG$sig during a batch: exit $want, no temporary file"
	else
		fail "cli SIG$sig during a batch" "exit $status (want $want); $(ls -A "$TMP/batch-out" | grep '^\.')"
	fi
done
# With --report, an interrupted batch still writes its report: a line per letter, those not done "interrupted",
# and says how to go on; --update then compiles the rest, and the two reports add up to the batch.
rm -rf "$TMP/batch-out" && mkdir -p "$TMP/batch-out"
"$IMRC" -d "$TMP/batch-out" --report="$TMP/int.csv" "$TMP"/batch/*.txt 2>"$TMP/int.err" &
pid=$!
while [ "$(ls "$TMP/batch-out" | wc -l)" -lt 5 ] && kill -0 $pid 2>/dev/null; do sleep 0.01; done
kill -TERM $pid
wait $pid
status=$?
done_count=$(grep -c ',compiled,' "$TMP/int.csv")
if [ $status = 143 ] && [ "$(wc -l <"$TMP/int.csv")" = 401 ] && [ "$done_count" -ge 1 ] \
   && [ "$(grep -c ',interrupted,0,0,0,$' "$TMP/int.csv")" = $((400 - done_count)) ] \
   && grep -Eqx "imrc: interrupted \(Terminated\) after $done_count of 400 letters: the report \($TMP/int.csv\) marks the others interrupted; to compile the rest, run the same command with --update" "$TMP/int.err" \
   && [ -z "$(ls -A "$TMP" | grep '^\.imrc')" ]; then
	pass "cli SIGTERM with --report: the report has every letter, the rest interrupted, and how to resume"
else
	fail "cli SIGTERM with --report" "exit $status; $(wc -l <"$TMP/int.csv") lines, $done_count compiled; $(cat "$TMP/int.err")"
fi
written=$(ls "$TMP/batch-out" | wc -l)          # at least the letters reported: some more may be written, unprinted
expect "cli --update after an interrupted batch" 0 "$IMRC" -q --update -d "$TMP/batch-out" --report="$TMP/int2.csv" "$TMP"/batch/*.txt
[ "$written" -ge "$done_count" ] && [ "$(grep -c ',compiled,' "$TMP/int2.csv")" = $((400 - written)) ] \
	&& [ "$(ls "$TMP/batch-out" | wc -l)" = 400 ] \
	&& pass "cli --update compiles exactly the letters the interruption left" \
	|| fail "cli --update after an interruption" "$(grep -c ',compiled,' "$TMP/int2.csv") compiled, $written before"

expect "cli --no-validate" 0 "$IMRC" --no-validate "$seed"
same "cli --no-validate gives the same XML" "$TMP/stdout.xml" "$TMP/out"
expect "cli output is reproducible" 0 env LC_ALL=C TZ=Pacific/Kiritimati "$IMRC" "$seed"
same "cli output does not depend on locale or time" "$TMP/stdout.xml" "$TMP/out"

# --- never quietly wrong --------------------------------------------------------------------------------------
# Verdicts read by the sentence's grammar (tests/verdicts.tsv: sentences written by hand, each labelled by reading
# it): each replaces the last sentence of examples/seed-000.txt's rationale.
/usr/bin/python3 - "$IMRC" "$TMP" <<'PY' | report cat
import subprocess, sys, xml.etree.ElementTree as ET
imrc, tmp = sys.argv[1:]
base = open("examples/seed-000.txt", encoding="utf-8").read()
last = "Consequently, additional therapy sessions are not \n\nmedically necessary."
assert last in base
for line in open("tests/verdicts.tsv", encoding="utf-8"):
    if line.startswith("#"):
        continue
    want, sentence = line.rstrip("\n").split("\t")
    open(f"{tmp}/verdict.txt", "w", encoding="utf-8").write(base.replace(last, sentence))
    out = subprocess.run([imrc, "-q", f"{tmp}/verdict.txt"], capture_output=True, text=True).stdout
    got = ET.fromstring(out).find(".//{urn:imrc:determination:1}rationale").get("conclusion")
    print(f"{'ok' if got == want else 'not ok'} verdict {want}: {sentence}" + ("" if got == want else f" (got {got})"))
PY
# Truncated letters: every corpus letter cut after every fifth line and without its last page is rejected or
# warned about, but for four named cuts after a complete item at a page break (tests/check_truncation.py).
mkdir -p "$TMP/cuts"
report /usr/bin/python3 tests/check_truncation.py "$IMRC" "$TMP/cuts" tests/corpus/pdftotext/*.txt
cut=tests/corpus/pdftotext/CM17-0009887.txt
head -n 60 "$cut" >"$TMP/cut.txt"
col=$(sed -n 60p "$cut" | wc -m)                   # just after the line's last character
expect "truncated: a rationale cut mid-sentence compiles with a warning" 0 "$IMRC" "$TMP/cut.txt" -o "$TMP/cut.xml"
[ "$(cat "$TMP/err")" = "$TMP/cut.txt:60:$col: warning: the rationale of item 1, the last, ends before a verdict ('... is (not) medically necessary'): the letter may be cut short
$TMP/cut.txt:60:$col: warning: the text ends without a form feed, as pdftotext ends every page: the last page may be missing" ] \
	&& pass "truncated: both warnings, at the end" || fail "truncated: warnings" "$(cat "$TMP/err")"
expect "truncated: --strict rejects it" 1 "$IMRC" --strict -q "$TMP/cut.txt" -o "$TMP/cut-strict.xml" --report="$TMP/cut.csv"
grep -q "^$TMP/cut.txt:60:[0-9]*: error: the rationale of item 1, the last, ends before a verdict ('... is (not) medically necessary'): the letter may be cut short \[--strict\]$" "$TMP/err" \
	&& [ "$(wc -l <"$TMP/err")" = 2 ] && [ ! -e "$TMP/cut-strict.xml" ] \
	&& tail -1 "$TMP/cut.csv" | grep -q ",rejected,1,0,2,\"the rationale of item 1, the last, ends before a verdict" \
	&& pass "truncated: --strict prints each warning as an error, even with -q, and the report has its text" \
	|| fail "truncated: --strict" "$(cat "$TMP/err"; tail -1 "$TMP/cut.csv")"
expect "complete: CM17-0009887 (no full stop after its last verdict) compiles in silence" 0 \
	"$IMRC" --strict "$cut" -o "$TMP/whole.xml"

# --- where outputs go -------------------------------------------------------------------------------------
# The output policy (README, "Where outputs go"; src/output.h): a test per finding of the output review.
o=$TMP/policy
rm -rf "$o" && mkdir -p "$o/d"
name=tests/seeds/000_1161a8377c1652dd
# 1. A symlink or a FIFO at an output path under -d is replaced by a regular file, never written through: not a
#    device (/dev/full would fail the write), not a FIFO (no reader: it would block the batch forever).
ln -s /dev/full "$o/d/$name.xml" 2>/dev/null || { mkdir -p "$o/d/${name%/*}" && ln -s /dev/full "$o/d/$name.xml"; }
mkfifo "$o/fifo" && mkdir -p "$o/d/examples" && ln -s "$o/fifo" "$o/d/examples/seed-001.xml" && mkfifo "$o/d/examples/seed-002.xml"
expect "outputs -d replaces a symlink to a device, a symlink to a FIFO and a FIFO" 0 \
	timeout 20 "$IMRC" -q -d "$o/d" "$seed" examples/seed-001.txt examples/seed-002.txt
[ -f "$o/d/$name.xml" ] && [ ! -L "$o/d/$name.xml" ] && [ -f "$o/d/examples/seed-001.xml" ] \
	&& [ ! -L "$o/d/examples/seed-001.xml" ] && [ -f "$o/d/examples/seed-002.xml" ] && [ -p "$o/fifo" ] \
	&& xmllint --noout "$o/d/$name.xml" "$o/d/examples/seed-002.xml" 2>/dev/null \
	&& pass "outputs -d: regular files in place of the links and the FIFO; the FIFO they led to is still there" \
	|| fail "outputs -d symlinks" "$(ls -l "$o/d/$name.xml" "$o/d/examples/")"
# With -o, a FIFO is written directly: with a reader it gets the XML, with none imrc says so at once.
expect "outputs -o FIFO without a reader: exit 3 at once" 3 timeout 20 "$IMRC" "$seed" -o "$o/fifo"
[ "$(cat "$TMP/err")" = "imrc: $o/fifo: a FIFO that no process reads" ] && [ -p "$o/fifo" ] \
	&& pass "outputs -o FIFO without a reader: message, FIFO kept" || fail "outputs -o FIFO message" "$(cat "$TMP/err")"
cat "$o/fifo" >"$o/from-fifo.xml" &
reader=$!
sleep 0.2
expect "outputs -o FIFO with a reader" 0 timeout 20 "$IMRC" "$seed" -o "$o/fifo"
wait $reader
same "outputs -o FIFO: the reader gets the XML" "$TMP/stdout.xml" "$o/from-fifo.xml"
# 2. Modes never come from a symlink's target; set-id bits never from anything.
printf 'victim\n' >"$o/victim" && chmod 4755 "$o/victim"
ln -s "$o/victim" "$o/d/examples/seed-003.xml"
expect "outputs -d over a symlink to a set-id file" 0 sh -c "umask 022 && exec \"$IMRC\" -q -d \"$o/d\" examples/seed-003.txt"
[ "$(stat -c %a "$o/d/examples/seed-003.xml")" = 644 ] && [ "$(stat -c %a "$o/victim")" = 4755 ] \
	&& [ "$(cat "$o/victim")" = victim ] && [ ! -L "$o/d/examples/seed-003.xml" ] \
	&& pass "outputs the new file has mode 644 (umask 022), the link's target is untouched" \
	|| fail "outputs mode from a symlink's target" "$(stat -c '%a %F %n' "$o/d/examples/seed-003.xml" "$o/victim")"
printf 'old\n' >"$o/setid.xml" && chmod 6775 "$o/setid.xml"
expect "outputs -o over a set-id file" 0 "$IMRC" "$seed" -o "$o/setid.xml"
[ "$(stat -c %a "$o/setid.xml")" = 775 ] && pass "outputs a replaced file keeps its mode but its set-id bits" \
	|| fail "outputs set-id bits kept" "$(stat -c %a "$o/setid.xml")"
# 3. -o naming our own standard output (or --report our standard error) through a symlink writes to it and
#    leaves the link as it was; /dev/stdout itself in a private mount namespace, as root with unshare.
ln -s /proc/self/fd/1 "$o/my-stdout" && ln -s /proc/self/fd/2 "$o/my-stderr"
"$IMRC" "$seed" -o "$o/my-stdout" --report="$o/my-stderr" >"$o/redirected.xml" 2>"$o/redirected.csv"
status=$?
[ $status = 0 ] && [ -L "$o/my-stdout" ] && [ -L "$o/my-stderr" ] && cmp -s "$TMP/stdout.xml" "$o/redirected.xml" \
	&& grep -q ",compiled,1,0,0,$" "$o/redirected.csv" \
	&& pass "outputs -o and --report through links to our stdout and stderr: written there, links kept" \
	|| fail "outputs -o through a link to stdout" "exit $status; $(ls -l "$o" | grep my-std)"
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && unshare --mount true 2>/dev/null; then
	unshare --mount sh -c "mount --make-rprivate / && mount -t tmpfs tmpfs /dev && ln -s /proc/self/fd/1 /dev/stdout \
		&& ln -s /proc/self/fd/2 /dev/stderr && '$IMRC' '$seed' -o /dev/stdout --report=/dev/stderr \
		>'$o/ns.xml' 2>'$o/ns.csv' && [ -L /dev/stdout ] && [ -L /dev/stderr ] && [ -z \"\$(ls -A /dev | grep imrc)\" ]"
	status=$?
	[ $status = 0 ] && cmp -s "$TMP/stdout.xml" "$o/ns.xml" && grep -q ",compiled,1,0,0,$" "$o/ns.csv" \
		&& pass "outputs -o /dev/stdout --report=/dev/stderr as root (mount namespace): written there, links kept" \
		|| fail "outputs -o /dev/stdout as root" "exit $status"
else
	echo "# skipped: outputs -o /dev/stdout as root in a mount namespace (needs root and unshare)"
fi
# 4. Two spellings of one output are one output.
mkdir -p "$o/c" && cp "$seed" "$o/c/k.txt" && cp examples/seed-001.txt "$o/c/k"
(cd "$o" && "$IMRC" -d out c/k.txt c//k c/./k) >/dev/null 2>"$TMP/err"
status=$?
[ $status = 2 ] && [ ! -e "$o/out" ] && [ "$(cat "$TMP/err")" = "imrc: c/k.txt and c//k would both write out/c/k.xml: compile one of them in another run, or rename it
imrc: c/k.txt and c/./k would both write out/c/k.xml: compile one of them in another run, or rename it" ] \
	&& pass "outputs c/k.txt, c//k and c/./k: every clash named, exit 2, nothing written" \
	|| fail "outputs path spellings" "exit $status; $(cat "$TMP/err")"
# 5. Standard input is an input like any other: its file is never written over, nor is standard output an input.
cp "$seed" "$o/s.txt"
expect "outputs - as input, its file as -o: exit 2" 2 sh -c "'$IMRC' -t text - -o '$o/s.txt' < '$o/s.txt'"
[ "$(cat "$TMP/err")" = "imrc: $o/s.txt: is an input: imrc never writes over its inputs" ] && cmp -s "$seed" "$o/s.txt" \
	&& pass "outputs - as input: message, file as it was" || fail "outputs - as input" "$(cat "$TMP/err")"
expect "outputs standard output appending to the input: exit 2" 2 sh -c "'$IMRC' -t text '$o/s.txt' >> '$o/s.txt'"
[ "$(cat "$TMP/err")" = "imrc: <stdout>: is an input: imrc never writes over its inputs" ] && cmp -s "$seed" "$o/s.txt" \
	&& pass "outputs stdout is the input: message, file as it was" || fail "outputs stdout is the input" "$(cat "$TMP/err")"
# 6. No text node that libxml2's default parser refuses (over 10 MB): a paragraph over 1 MB is an error at it.
line=$(grep -n '^The Final Determination was based on' "$seed" | cut -d: -f1)
head -c 11000000 /dev/zero | tr '\0' ' ' | sed 's/    /word/g' >"$o/words"
awk -v n="$line" -v words="$o/words" 'NR == n { getline extra <words; $0 = $0 extra } { print }' "$seed" >"$o/huge.txt"
expect "outputs a paragraph over 1 MB: exit 1" 1 "$IMRC" "$o/huge.txt" -o "$o/huge.xml"
grep -Eqx "$o/huge.txt:$line:1: error: [0-9]+ bytes of text without a paragraph break: no letter's paragraph is longer than 1000000 bytes" "$TMP/err" \
	&& [ ! -e "$o/huge.xml" ] && pass "outputs a paragraph over 1 MB: message at its place, nothing written" \
	|| fail "outputs a paragraph over 1 MB" "$(cat "$TMP/err")"
# 7. Empty paths are usage errors.
for opt in "-d" "-o" "--report=" "--files-from="; do
	case $opt in *=) args=("$opt") ;; *) args=("$opt" "") ;; esac
	expect "outputs empty path $opt: exit 2" 2 "$IMRC" "${args[@]}" "$seed"
	grep -q "^imrc: an empty path: " "$TMP/err" || fail "outputs empty path $opt message" "$(cat "$TMP/err")"
done
# 8. Temporary files of a run killed by SIGKILL (planted: a real kill lands between files almost always) are
#    removed by the next run into that folder once a minute old and unlocked; a fresh or locked one stays.
mkdir -p "$o/k/examples"
touch -d '2 minutes ago' "$o/k/examples/.imrc.999999.3" "$o/k/examples/.imrc.AbC123" "$o/k/examples/.imrc.999999.4" \
	"$o/k/.imrc.999999.0" "$o/k/examples/.imrc.notours"
touch "$o/k/examples/.imrc.999999.5"
flock "$o/k/examples/.imrc.999999.4" sleep 30 &
locker=$!
sleep 0.2
expect "outputs a run after a SIGKILL" 0 "$IMRC" -q -d "$o/k" examples/seed-001.txt
[ "$(cd "$o/k" && find . -name '.imrc*' | sort | tr '\n' ' ')" = "./.imrc.999999.0 ./examples/.imrc.999999.4 ./examples/.imrc.999999.5 ./examples/.imrc.notours " ] \
	&& pass "outputs stale temporary files removed; fresh, locked, other folders' and foreign names kept" \
	|| fail "outputs stale temporary files" "$(cd "$o/k" && find . -name '.imrc*')"
kill $locker 2>/dev/null; wait $locker 2>/dev/null
# 9. The summary counts I/O errors as I/O errors.
mkdir -p "$o/io/examples/seed-001.xml"
expect "outputs an output that cannot be written in a batch: exit 3" 3 "$IMRC" -d "$o/io" examples/seed-001.txt examples/seed-002.txt
tail -1 "$TMP/err" | grep -Eq '^imrc: 1 compiled, 0 rejected, 1 I/O errors, 0 skipped, 0 warnings in [0-9.]+ s$' \
	&& pass "outputs the summary counts an I/O error as one" || fail "outputs summary of I/O errors" "$(cat "$TMP/err")"
# 10. --max-size accepts what it documents and names its limit.
for size in 0 1G 513M 99999999999999999999999; do
	expect "outputs --max-size=$size: exit 2" 2 "$IMRC" --max-size=$size "$seed"
	grep -qx "imrc: --max-size=$size is out of range: from 1 byte to 512M" "$TMP/err" \
		&& pass "outputs --max-size=$size names the limit" || fail "outputs --max-size=$size message" "$(cat "$TMP/err")"
done
expect "outputs --max-size=512M" 0 "$IMRC" --max-size=512M "$seed"
expect "outputs --max-size=524288K" 0 "$IMRC" --max-size=524288K "$seed"
"$IMRC" --help | grep -q 'suffix K or M; default 16M, at most 512M' && pass "outputs --help names the limit" \
	|| fail "outputs --help names the limit"
# 11. CSV cells a spreadsheet would run as formulas begin with an apostrophe, in the table and the report.
mkdir -p "$o/csv" && cp "$seed" "$o/csv/=1+1.txt"
(cd "$o/csv" && "$IMRC" -t csv --report=report.csv =1+1.txt -o table.csv)
tail -1 "$o/csv/table.csv" | grep -q "^'=1+1.txt," && grep -q "^'=1+1.txt,compiled," "$o/csv/report.csv" \
	&& pass "outputs CSV: a file name beginning with = is neutralised in the table and the report" \
	|| fail "outputs CSV file name" "$(tail -1 "$o/csv/table.csv"; tail -1 "$o/csv/report.csv")"
python3 - "$IMRC" tests/golden/no-citation.txt "$o/csv" <<'PY' && pass "outputs CSV: requests beginning with = + - @ tab are neutralised" || fail "outputs CSV requests"
import csv, io, re, subprocess, sys
imrc, letter, folder = sys.argv[1:]
text = open(letter, encoding="utf-8").read()
rows = list(csv.DictReader(io.StringIO(subprocess.run([imrc, "-t", "csv", letter], capture_output=True, text=True).stdout)))
first = rows[0]["request"]
for lead in ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\t=1"]:
    path = f"{folder}/lead.txt"
    open(path, "w", encoding="utf-8").write(text.replace(first, lead + first, 1))
    out = subprocess.run([imrc, "-t", "csv", path], capture_output=True, text=True)
    got = list(csv.DictReader(io.StringIO(out.stdout)))[0]["request"]
    if out.returncode != 0 or got != "'" + " ".join((lead + first).split()) and got != "'" + lead + first:
        sys.exit(f"{lead!r}: exit {out.returncode}, cell {got!r}")
PY
# 12. File names in messages have their control characters escaped.
printf 'no letter\n' >"$o/$(printf 'red\033[31mname\007.txt')"
"$IMRC" "$o/$(printf 'red\033[31mname\007.txt')" 2>"$TMP/err" >/dev/null
[ "$(cat "$TMP/err")" = "$o/red\\x1b[31mname\\x07.txt:1:1: error: not an IMR final determination letter: expected 'HOW THE IMR FINAL DETERMINATION WAS MADE' or a case header ('Case Number:' ...)" ] \
	&& pass "outputs a file name's control characters are escaped in messages" || fail "outputs escaped names" "$(cat -v "$TMP/err")"
"$IMRC" "$o/$(printf 'gone\033]0;title\007.txt')" 2>"$TMP/err" >/dev/null
[ "$(cat "$TMP/err")" = "imrc: $o/gone\\x1b]0;title\\x07.txt: No such file or directory" ] \
	&& pass "outputs escaped names in I/O errors too" || fail "outputs escaped names in I/O errors" "$(cat -v "$TMP/err")"

# --- inputs -----------------------------------------------------------------------------------------------
# The input forms of SPEC section 3 and the usual CLIs: UTF-16, standard input, --source-name, folders, and the
# text of pdftotext -layout.
in=$TMP/inputs
rm -rf "$in" && mkdir -p "$in"
# UTF-16 with a byte order mark, either byte order (Windows Notepad, PowerShell '>'): every golden and error letter
# that is UTF-8 gives the same XML (but for its source line) and the same messages, at the same LINE:COL.
utf16() {             # utf16 le|be FILE: FILE without a UTF-8 byte order mark, as UTF-16 with one
	if [ "$1" = le ]; then printf '\xff\xfe'; else printf '\xfe\xff'; fi
	sed '1s/^\xEF\xBB\xBF//' "$2" | iconv -f utf-8 -t "utf-16$1"
}
for txt in tests/golden/*.txt tests/errors/*.txt; do
	iconv -f utf-8 -t utf-8 "$txt" >/dev/null 2>&1 || continue
	"$IMRC" "$txt" -o "$in/utf8.xml" 2>"$in/utf8.err"
	want=$?
	for order in le be; do
		utf16 $order "$txt" >"$in/16.txt"
		rm -f "$in/16.xml"
		"$IMRC" "$in/16.txt" -o "$in/16.xml" 2>"$in/16.err"
		status=$?
		if [ $status = $want ] && cmp -s "$in/utf8.err" <(sed "s|^$in/16.txt:|$txt:|" "$in/16.err") \
		   && { [ $want != 0 ] || { grep -q ' encoding="utf-16" ' "$in/16.xml" \
			&& cmp -s <(sed '/<source /d' "$in/utf8.xml") <(sed '/<source /d' "$in/16.xml"); }; }; then
			pass "inputs UTF-16 ${order^^} $txt: same output and messages as UTF-8"
		else
			fail "inputs UTF-16 ${order^^} $txt" "exit $status (want $want); $(cat "$in/16.err")"
		fi
	done
done
# PowerShell's '>' writes UTF-16 LE with CRLF: columns count characters (a surrogate pair is one), lines as written.
{ printf '\xff\xfe'; sed '103s/^/é😀/; s/$/\r/' tests/errors/unknown-decision.txt | iconv -f utf-8 -t utf-16le; } >"$in/ps.txt"
expect "inputs UTF-16 LE with CRLF: exit 1" 1 "$IMRC" "$in/ps.txt"
[ "$(cat "$TMP/err")" = "$in/ps.txt:103:63: error: unknown decision 'Denied' in the heading of item 2: expected 'Upheld' or 'Overturned'" ] \
	&& pass "inputs UTF-16 LE with CRLF: the error's column counts é and 😀 as one each" \
	|| fail "inputs UTF-16 column" "$(cat "$TMP/err")"
{ utf16 le "$seed"; printf '\x00\xd8A\x00\x3d'; } >"$in/surrogate.txt"
expect "inputs UTF-16 with an unpaired surrogate and an odd last byte" 0 "$IMRC" "$in/surrogate.txt" -o "$in/surrogate.xml"
lines=$(($(wc -l <"$seed") + 1))
# (the stray characters after the last verdict also make the letter look cut short: a second warning)
[ "$(cat "$TMP/err")" = "$in/surrogate.txt:$lines:1: warning: 2 unpaired UTF-16 surrogates replaced by U+FFFD
$in/surrogate.txt:$lines:4: warning: the rationale of item 1, the last, ends before a verdict ('... is (not) medically necessary'): the letter may be cut short" ] \
	&& grep -q "sha256=\"$(sha256sum "$in/surrogate.txt" | cut -c1-64)\"" "$in/surrogate.xml" \
	&& pass "inputs UTF-16: bad code units are U+FFFD with a warning at the first; the hash is of the bytes as read" \
	|| fail "inputs UTF-16 bad code units" "$(cat "$TMP/err")"

# With no FILE, standard input (a file, a pipe) unless it is a terminal; an empty or closed one is no input.
no_input="imrc: no input: give a FILE or FOLDER, or a letter on standard input
Try 'imrc --help' for more information."
"$IMRC" - <"$seed" >"$in/dash.xml" 2>/dev/null
expect "inputs no FILE, standard input a file" 0 sh -c "'$IMRC' < '$seed'"
same "inputs no FILE reads standard input as '-' does" "$in/dash.xml" "$TMP/out"
expect "inputs no FILE, standard input a pipe" 0 sh -c "cat '$seed' | '$IMRC'"
same "inputs no FILE reads a pipe as '-' does" "$in/dash.xml" "$TMP/out"
for stdin in "</dev/null" "<&-" "true |"; do
	expect "inputs no FILE, standard input $stdin: exit 2" 2 sh -c "$stdin '$IMRC' -o '$in/none.xml'"
	[ "$(cat "$TMP/err")" = "$no_input" ] && [ ! -e "$in/none.xml" ] \
		&& pass "inputs no FILE, standard input $stdin: no input, nothing written" \
		|| fail "inputs no FILE, standard input $stdin" "$(cat "$TMP/err")"
done
if command -v script >/dev/null; then
	script -qec "'$IMRC'" /dev/null >"$in/tty" 2>&1
	status=$?
	[ $status = 2 ] && [ "$(tr -d '\r' <"$in/tty")" = "$no_input" ] \
		&& pass "inputs no FILE on a terminal: no input, exit 2" || fail "inputs no FILE on a terminal" "exit $status; $(cat "$in/tty")"
else
	echo "# skipped: inputs no FILE on a terminal (needs script from util-linux)"
fi
# --source-name names standard input: source/@name, messages, the path under -d.
expect "inputs --source-name" 0 sh -c "'$IMRC' --source-name=2016/a.txt < '$seed'"
grep -q '<source name="2016/a.txt" ' "$TMP/out" && cmp -s <(sed '/<source /d' "$in/dash.xml") <(sed '/<source /d' "$TMP/out") \
	&& pass "inputs --source-name is source/@name" || fail "inputs --source-name in the XML" "$(grep '<source' "$TMP/out")"
printf 'no letter\n' | "$IMRC" --source-name='b.txt' 2>"$TMP/err" >/dev/null
[ "$(cat "$TMP/err")" = "b.txt:1:1: error: not an IMR final determination letter: expected 'HOW THE IMR FINAL DETERMINATION WAS MADE' or a case header ('Case Number:' ...)" ] \
	&& pass "inputs --source-name in messages" || fail "inputs --source-name in messages" "$(cat "$TMP/err")"
expect "inputs --source-name under -d" 0 sh -c "'$IMRC' -q -d '$in/sn' --source-name=2016/a.txt examples/seed-001.txt - < '$seed'"
[ "$(cd "$in/sn" && find . -type f | sort | tr '\n' ' ')" = "./2016/a.xml ./examples/seed-001.xml " ] \
	&& pass "inputs --source-name under -d: DIR/2016/a.xml" || fail "inputs --source-name under -d" "$(cd "$in/sn" && find .)"
printf 'no letter\n' | "$IMRC" -q --source-name=2016/b.txt --report="$TMP/sn-report.csv" -o "$TMP/sn.xml"
[ "$(sed -n 2p "$TMP/sn-report.csv" | cut -d, -f1,2)" = "2016/b.txt,rejected" ] \
	&& pass "inputs --source-name in the report" || fail "inputs --source-name in the report" "$(cat "$TMP/sn-report.csv")"
expect "inputs --source-name without standard input: exit 2" 2 "$IMRC" --source-name=a.txt "$seed"
[ "$(head -1 "$TMP/err")" = "imrc: --source-name names standard input, which is not an input here" ] \
	&& pass "inputs --source-name without standard input: message" || fail "inputs --source-name alone" "$(cat "$TMP/err")"
expect "inputs --source-name empty: exit 2" 2 sh -c "'$IMRC' --source-name= < '$seed'"
[ "$(head -1 "$TMP/err")" = "imrc: an empty --source-name: it names standard input" ] \
	&& pass "inputs --source-name empty: message" || fail "inputs --source-name empty" "$(cat "$TMP/err")"
# A FOLDER: its *.txt and *.pdf files (any case) under it, in byte order of names, hidden entries and symbolic links
# passed over; under -d its relative paths are kept.
mkdir -p "$in/L/2016/sub" "$in/L/2017" "$in/L/.hidden" "$in/empty/sub"
cp "$seed" "$in/L/2016/b.txt" && cp examples/seed-001.txt "$in/L/2016/A.TXT" && cp examples/seed-002.txt "$in/L/2016/sub/c.Txt"
cp examples/seed-003.txt "$in/L/2017/d.txt" && cp examples/seed-004.txt "$in/L/.hidden/h.txt" && cp "$seed" "$in/L/.h.txt"
echo notes >"$in/L/2017/notes.md" && ln -s ../2016 "$in/L/2017/link" && ln -s ../2016/b.txt "$in/L/2017/e.txt"
(cd "$in" && "$IMRC" -d out L) >/dev/null 2>"$TMP/err"
status=$?
[ $status = 0 ] && [ "$(cd "$in/out" && find . -type f | sort | tr '\n' ' ')" = "./L/2016/A.xml ./L/2016/b.xml ./L/2016/sub/c.xml ./L/2017/d.xml " ] \
	&& pass "inputs a FOLDER under -d: its letters, relative paths kept, hidden entries and links passed over" \
	|| fail "inputs a FOLDER under -d" "exit $status; $(cat "$TMP/err"; cd "$in/out" && find .)"
# An absolute FOLDER, or one reached through "..", keeps its paths from the folder's own name down.
"$IMRC" -q -d "$in/abs" "$(cd "$in" && pwd)/L/" 2>"$TMP/err" && (cd "$in/L/2016/sub" && "$IMRC" -q -d "$in/up" ../../2017) 2>>"$TMP/err"
[ "$(cd "$in/abs" && find . -type f | sort | tr '\n' ' ')" = "./L/2016/A.xml ./L/2016/b.xml ./L/2016/sub/c.xml ./L/2017/d.xml " ] \
   && [ "$(cd "$in/up" && find . -type f)" = "./2017/d.xml" ] \
	&& pass "inputs an absolute FOLDER, and one through '..': paths kept from the folder's name" \
	|| fail "inputs an absolute FOLDER" "$(cat "$TMP/err"; cd "$in" && find abs up -type f)"
(cd "$in" && "$IMRC" -t csv L/) 2>/dev/null | tail -n +2 | cut -d, -f1 | uniq >"$in/order"
[ "$(tr '\n' ' ' <"$in/order")" = "L/2016/A.TXT L/2016/b.txt L/2016/sub/c.Txt L/2017/d.txt " ] \
	&& pass "inputs a FOLDER: letters in byte order of names" || fail "inputs FOLDER order" "$(cat "$in/order")"
(cd "$in" && "$IMRC" -d out2 empty L) >/dev/null 2>"$TMP/err"
status=$?
[ $status = 2 ] && [ ! -e "$in/out2" ] && [ "$(cat "$TMP/err")" = "imrc: empty: no letter in this folder or under it (files *.txt or *.pdf)" ] \
	&& pass "inputs a FOLDER without letters: usage error, nothing written" || fail "inputs empty FOLDER" "exit $status; $(cat "$TMP/err")"
printf '%%PDF-1.4\n' >"$in/L/2016/b.pdf"
(cd "$in" && "$IMRC" -d out3 L) >/dev/null 2>"$TMP/err"
status=$?
[ $status = 2 ] && [ ! -e "$in/out3" ] && [ "$(cat "$TMP/err")" = "imrc: L/2016/b.pdf and L/2016/b.txt would both write out3/L/2016/b.xml: compile one of them in another run, or rename it" ] \
	&& pass "inputs x.pdf beside x.txt in a FOLDER: a collision before anything is written" \
	|| fail "inputs x.pdf beside x.txt" "exit $status; $(cat "$TMP/err")"
rm "$in/L/2016/b.pdf"
mkdir -p "$in/L/2016/locked" && cp "$seed" "$in/L/2016/locked/x.txt" && chmod 000 "$in/L/2016/locked"
mkdir -p "$in/out4" && chmod 777 "$in/out4"
(cd "$in" && "${AS_USER[@]}" "$IMRC" -q -d out4 L) >/dev/null 2>"$TMP/err"
status=$?
chmod 755 "$in/L/2016/locked"
[ $status = 3 ] && [ "$(cat "$TMP/err")" = "imrc: L/2016/locked: Permission denied" ] && [ -f "$in/out4/L/2017/d.xml" ] \
	&& pass "inputs an unreadable folder under a FOLDER: said, the other letters compiled, exit 3" \
	|| fail "inputs unreadable folder" "exit $status; $(cat "$TMP/err")"
cp "$in/L/2017/d.txt" "$in/one.txt" && mkdir "$in/one" && mv "$in/one.txt" "$in/one/"
expect "inputs a FOLDER of one letter, no -d: to stdout" 0 "$IMRC" "$in/one"
grep -q "<source name=\"$in/one/one.txt\" " "$TMP/out" && pass "inputs a FOLDER of one letter: its XML on stdout" \
	|| fail "inputs a FOLDER of one letter" "$(head -3 "$TMP/out")"
# pdftotext -layout: the value of the wrapped label "Application" / "Received:" sits between its lines, and is read
# as the received field (the corpus is checked under letters above).
expect "inputs pdftotext -layout" 0 "$IMRC" tests/corpus/pdftotext-layout/CM16-0213037.txt
tr -d '\n' <"$TMP/out" | grep -q '<field name="received"> *<label>ApplicationReceived:</label> *<value>11/03/2016</value>' \
	&& grep -q '<case number="CM16-0213037" .* received="2016-11-03"' "$TMP/out" \
	&& pass "inputs pdftotext -layout: the received date read between its label's lines" \
	|| fail "inputs pdftotext -layout header" "$(grep -A3 '<label>Application' "$TMP/out")"

# The input forms are written down where users look.
"$IMRC" --help >"$in/help"
for doc in "$in/help" README.md imrc.1; do
	grep -Eq 'source\\?-name' "$doc" && grep -q 'FOLDER' "$doc" && grep -q 'byte order of names' "$doc" \
	&& { [ "$doc" = "$in/help" ] || { grep -q 'UTF-16' "$doc" && grep -q 'layout' "$doc"; }; } \
	&& pass "inputs ${doc##*/} documents the input forms" || fail "inputs ${doc##*/} documents the input forms"
done

# --- requests and the date of injury -----------------------------------------------------------------------
# The markup of request headings (grammar/request.l, src/request_marks.c): a pinned case of every form, written
# by hand (tests/requests-pinned.tsv: sides carried through lists and written after their region, a side before a
# spinal level, device names, quantities, dosing frequencies and totals, strengths, retrospective requests, the
# part of a modified request decided). Then the summary's date of injury against the header's: the same date
# written otherwise gives no warning; another date, in each form the corpus summaries use, gives one at it.
report /usr/bin/python3 tests/check_requests.py "$IMRC" tests/requests-pinned.tsv
inj="$TMP/injury"
mkdir -p "$inj"
template=tests/golden/no-citation.txt
anchor='sustained an industrial injury on 10-13-16.'
grep -q "$anchor" "$template" || fail "injury: the template letter has changed"
"$IMRC" "$template" -o "$inj/agree.xml" 2>"$inj/agree.err"
[ $? = 0 ] && [ ! -s "$inj/agree.err" ] && grep -q 'injured="2016-10-13"' "$inj/agree.xml" \
	&& pass "injury: the summary's 10-13-16 is the header's 10/13/2016: no warning" \
	|| fail "injury: agreeing dates" "$(cat "$inj/agree.err")"
n=0
for form in 'sustained an industrial injury on 10-14-16.|10-14-16' \
	    'with a date of injury of 10/14/2016.|10/14/2016' \
	    'was injured on October 14, 2016.|October 14, 2016' \
	    'with a reported date of injury of 10/14/2016.|10/14/2016'; do
	n=$((n + 1))
	sentence=${form%|*} said=${form#*|}
	sed "s|$anchor|$sentence|" "$template" >"$inj/$n.txt"
	line=$(grep -n "$sentence" "$inj/$n.txt" | cut -d: -f1)
	col=$(($(grep "$sentence" "$inj/$n.txt" | awk -v s="$said" '{print index($0, s)}')))
	want="$inj/$n.txt:$line:$col: warning: the summary's date of injury ($said) is not the header's (10/13/2016)"
	"$IMRC" "$inj/$n.txt" -o "$inj/$n.xml" 2>"$inj/$n.err"
	status=$?
	[ $status = 0 ] && [ "$(cat "$inj/$n.err")" = "$want" ] && grep -q 'injured="2016-10-13"' "$inj/$n.xml" \
		&& pass "injury: '$sentence' against the header's 10/13/2016: a warning at the summary's date" \
		|| fail "injury: '$sentence'" "exit $status; got: $(cat "$inj/$n.err"); want: $want"
done
# without a header, the summary's date is the patient's, and nothing to compare
sed -n '/^HOW THE IMR/,$p' "$template" >"$inj/no-header.txt"
"$IMRC" "$inj/no-header.txt" -o "$inj/no-header.xml" 2>"$inj/no-header.err"
[ $? = 0 ] && [ ! -s "$inj/no-header.err" ] && grep -q 'injured="2016-10-13"' "$inj/no-header.xml" \
	&& pass "injury: without a header the summary's date is the patient's, without a warning" \
	|| fail "injury: without a header" "$(cat "$inj/no-header.err")"

# --- request categories and drugs -------------------------------------------------------------------------
# request/@category, @subcategory and the drugs of every corpus item, in both shapes, against tests/requests.tsv
# (labelled by reading the letters); pinned hand-written headings (a drug missing from grammar/drugs.vocab,
# compounds, brand and generic pairs, each category's wording, modified requests whose decided part differs);
# the items table's category, subcategory and generics columns against the same table.
"$IMRC" -q -t csv --table=items tests/corpus/pdfbox/*.txt >"$TMP/request-items.csv"
report /usr/bin/python3 tests/check_request_categories.py tests/requests.tsv "$TMP/letters" "$TMP/pdftotext" \
	"$TMP/request-items.csv"
report /usr/bin/python3 tests/check_request_category_cases.py "$IMRC" tests/request-category-cases.tsv tests/golden/no-citation.txt
# 205 requests as letters outside the corpus write them, labelled by hand (tests/requests-outside.tsv)
report /usr/bin/python3 tests/check_request_category_cases.py "$IMRC" tests/requests-outside.tsv tests/golden/no-citation.txt

# --- PDF paragraphs and boxes ---------------------------------------------------------------------------------
# The text of a PDF marks its paragraphs as PDFBox does: every corpus PDF's paragraphs (summary, how-made,
# guidelines, rationales) are those of its PDFBox text, and so are those of untagged copies of some (Ghostscript
# drops the structure tree: line geometry alone), which compile too (check_paragraphs.py). Every item, request,
# decisionText and citation read from a PDF has the @page and @box of its words as pdftotext -bbox finds them
# (check_boxes.py); a text input has no @box.
report /usr/bin/python3 tests/check_paragraphs.py "$pdf_out" "$TMP/letters" $pdf_names
mkdir -p "$TMP/untagged"
untagged_names="CM16-0213037 CM16-0236906 CM16-0249536 CM17-0006912 CM17-0014288 CM17-0020728"
for name in $untagged_names; do
	gs -q -sDEVICE=pdfwrite -o "$TMP/untagged/$name.pdf" "tests/corpus/pdf/$name.pdf" 2>/dev/null
done
pdfinfo "$TMP/untagged/CM16-0213037.pdf" | grep -q "^Tagged: *no" && pdfinfo tests/corpus/pdf/CM16-0213037.pdf \
	| grep -q "^Tagged: *yes" && pass "pdf untagged: Ghostscript's copies have no structure tree" || fail "pdf untagged copies"
expect "pdf the untagged copies compile" 0 "$IMRC" -q -d "$TMP/untagged-out" "$TMP"/untagged/*.pdf
report sed 's/^\(\(not \)*ok paragraphs [^ :]*\)/\1 untagged/' \
	<(/usr/bin/python3 tests/check_paragraphs.py "$TMP/untagged-out" "$TMP/letters" $untagged_names)
report /usr/bin/python3 tests/check_boxes.py tests/corpus/pdf "$pdf_out" $pdf_names
# A letter cut right after an item's heading (the heading a paragraph of its own, as PDFBox and a PDF's text mark
# it): the heading is read as text of the last rationale, as from pdftotext text, with the cut-short warning there.
cut=$(grep -n "^Functional capacity evaluation: Upheld" tests/corpus/pdfbox/CM17-0009441.txt | head -1 | cut -d: -f1)
head -n $((cut + 1)) tests/corpus/pdfbox/CM17-0009441.txt >"$TMP/heading-cut.txt"
"$IMRC" "$TMP/heading-cut.txt" -o "$TMP/heading-cut.xml" 2>"$TMP/err" \
	&& grep -q "heading-cut.txt:$cut:39: warning: the rationale of item 6, the last, ends before a verdict" "$TMP/err" \
	&& grep -A1 "Functional capacity evaluation: Upheld</p>" "$TMP/heading-cut.xml" | grep -q "^ *</rationale>" \
	&& pass "pdf a PDFBox text cut after an item's heading: the heading ends the last rationale, a warning there" \
	|| fail "pdf a PDFBox text cut after an item's heading" "$(cat "$TMP/err")"
! grep -q ' box="' "$TMP/letters/CM16-0213037.xml" "$TMP/pdftotext/CM16-0213037.xml" \
	&& pass "pdf a text input has no @box" || fail "pdf a text input has no @box"

# --- partial documents ----------------------------------------------------------------------------------
# --partial (SPEC section 5, "A letter that does not parse"): every seed and corpus letter, in each shape, damaged
# four ways (tests/check_partial.py: a section title, a decision word, a cut in the last item, garbage lines in a
# guideline) gives a partialDetermination that both validators pass, that keeps every character and every item
# before the damage, still rejected (exit 1, "partial" in --report) with the diagnostics it has without the option;
# complete letters give the same bytes with it. The error letters keep their messages; what is no letter at all
# gets no document even with --partial; -t csv refuses it; a letter with a rationale of two paragraphs compiles
# (node spans); every option of --help is documented; no saved fuzzer input crashes it.
mkdir -p "$TMP/partial"
report /usr/bin/python3 tests/check_partial.py "$IMRC" "$SCHEMA" schemas/imrc.schema.json "$TMP/partial" \
	"${letters[@]}" tests/corpus/pdftotext/*.txt tests/corpus/pdftotext-layout/*.txt
for txt in tests/errors/*.txt; do
	name=$(basename "$txt" .txt)
	rm -f "$TMP/partial.xml"
	"$IMRC" --partial "$txt" -o "$TMP/partial.xml" 2>"$TMP/err"
	status=$?
	case $name in
	empty | whitespace-only | binary | binary-png | not-a-letter | nul-in-letter | layout-*) want=absent ;;
	*) want=partial ;;
	esac
	if [ $status = 1 ] && cmp -s "$TMP/err" "tests/errors/$name.err" \
	   && if [ $want = absent ]; then [ ! -e "$TMP/partial.xml" ]; else
		grep -q '^<partialDetermination .* status="partial">$' "$TMP/partial.xml" \
		&& xmllint --noout --schema "$SCHEMA" "$TMP/partial.xml" 2>/dev/null; fi; then
		pass "partial tests/errors/$name: exit 1, its messages, and $([ $want = absent ] && echo "no document (not a letter)" || echo "a valid partial document")"
	else
		fail "partial tests/errors/$name" "exit $status; $(cat "$TMP/err")"
	fi
done
"$IMRC" --partial tests/errors/unknown-decision.txt -o "$TMP/partial.xml" 2>/dev/null
xmllint --xpath 'concat(count(//*[local-name()="item"]), " ", count(//*[local-name()="items"]/@outcome), " ",
	//*[local-name()="unparsed"]/@error)' "$TMP/partial.xml" >"$TMP/out" 2>/dev/null
[ "$(cat "$TMP/out")" = "$(($(grep -c 'Claims Administrator guideline:' tests/errors/unknown-decision.txt) - 1)) 0 $(sed 's/^[^ ]* error: //' tests/errors/unknown-decision.err)" ] \
	&& pass "partial: an unknown decision leaves its item unparsed, with the message, and no outcome" \
	|| fail "partial: an unknown decision" "$(cat "$TMP/out")"
"$IMRC" --partial --report="$TMP/partial.csv" tests/errors/unknown-decision.txt tests/seeds/000_1161a8377c1652dd.txt \
	-d "$TMP/partial-report" 2>/dev/null
[ $? = 1 ] && grep -q '^tests/errors/unknown-decision.txt,partial,' "$TMP/partial.csv" \
	&& grep -q '^tests/seeds/000_1161a8377c1652dd.txt,compiled,' "$TMP/partial.csv" \
	&& [ -s "$TMP/partial-report/tests/errors/unknown-decision.xml" ] \
	&& pass "partial: --report says partial, the batch exits 1" || fail "partial: --report" "$(cat "$TMP/partial.csv")"
expect "partial: -t csv refuses --partial (exit 2)" 2 "$IMRC" --partial -t csv tests/errors/unknown-decision.txt
[ "$(head -1 "$TMP/err")" = "imrc: --partial writes a document for a letter that does not parse, and a CSV table has no place to say a row is partial: use -t xml, json, jsonl, text or tree" ] \
	&& [ ! -s "$TMP/out" ] && pass "partial: -t csv says why, no output" || fail "partial: -t csv message" "$(cat "$TMP/err")"
for format in tree text; do
	"$IMRC" --partial -t $format tests/errors/unknown-decision.txt >"$TMP/out" 2>/dev/null
	[ $? = 1 ] && grep -q "nknown\|unparsed\|Denied" "$TMP/out" && pass "partial: -t $format writes a partial letter" \
		|| fail "partial: -t $format"
done
two_seed=tests/corpus/pdfbox/CM16-0239569.txt
awk 'NR == 123 { print; print " "; print ""; next } { print }' "$two_seed" >"$TMP/two.txt"
"$IMRC" "$TMP/two.txt" -o "$TMP/two.xml" 2>"$TMP/err" && [ ! -s "$TMP/err" ] \
	&& [ "$(xmllint --xpath 'count((//*[local-name()="rationale"])[1]/*[local-name()="p"])' "$TMP/two.xml")" = 2 ] \
	&& pass "partial: a rationale of two paragraphs compiles" || fail "partial: a rationale of two paragraphs" "$(cat "$TMP/err")"
"$IMRC" --help >"$TMP/help"
missing=""
for option in $(grep -o -- '--[a-z][a-z0-9-]*' "$TMP/help" | sort -u); do
	grep -qE -- "$option([=\`, ]|\$)" README.md || missing="$missing $option (README.md)"
	grep -qF -- "Fl $(printf '%s' "${option#-}" | sed 's/-/\\-/g')" imrc.1 || missing="$missing $option (imrc.1)"
done
grep -q -- '--partial' "$TMP/help" && [ -z "$missing" ] && pass "partial: every option of --help (--partial too) is in README.md and imrc.1" \
	|| fail "partial: options documented" "$missing"
crashed=""
for input in tests/fuzz/corpus/* tests/fuzz/crashes/*; do
	[ -f "$input" ] || continue
	rm -f "$TMP/fuzz.xml"
	"$IMRC" -q --partial "$input" -o "$TMP/fuzz.xml" 2>/dev/null
	status=$?
	{ [ $status = 0 ] || [ $status = 1 ]; } && { [ ! -e "$TMP/fuzz.xml" ] || xmllint --noout --schema "$SCHEMA" "$TMP/fuzz.xml" 2>/dev/null; } \
		|| crashed="$crashed $input (exit $status)"
done
[ -z "$crashed" ] && pass "partial: every saved fuzzer input gives exit 0 or 1 and, if any, a valid document" \
	|| fail "partial: fuzz corpus" "$crashed"

# --- grammar ------------------------------------------------------------------------------------------------
# Every section title and label is spelled in one place of grammar/ and src/ (tests/check_spellings.py). The case
# header is a set of fields: each corpus letter's, shuffled (seeded permutations) and written back as pdfbox rows
# and as pdftotext columns, gives the same header (tests/check_header_orders.py).
report /usr/bin/python3 tests/check_spellings.py
mkdir -p "$TMP/header-orders"
report /usr/bin/python3 tests/check_header_orders.py "$IMRC" "$TMP/header-orders" \
	$(cd tests/corpus/pdftotext && ls | sed 's/\.txt$//')

# --- fuzz corpus --------------------------------------------------------------------------------------------
# Every saved fuzzer input (tests/fuzz/corpus): exit 0 with a file that xmllint validates, or exit 1 with no
# file and an error first on stderr (-q: a warning may otherwise come before it); never a crash or other status.
for input in tests/fuzz/corpus/* tests/fuzz/crashes/*; do
	[ -f "$input" ] || continue
	rm -f "$TMP/fuzz.xml"
	"$IMRC" -q "$input" -o "$TMP/fuzz.xml" 2>"$TMP/err"
	status=$?
	if [ $status = 0 ] && [ -f "$TMP/fuzz.xml" ] \
	   && xmllint --noout --schema "$SCHEMA" "$TMP/fuzz.xml" 2>"$TMP/xmllint"; then
		pass "fuzz corpus $input"
	elif [ $status = 1 ] && [ ! -e "$TMP/fuzz.xml" ] \
	     && head -1 "$TMP/err" | grep -Eq '^[^:]+:[0-9]+:[0-9]+: error: '; then
		pass "fuzz corpus $input"
	else
		fail "fuzz corpus $input" "exit $status; $(head -5 "$TMP/err" "$TMP/xmllint" 2>/dev/null)"
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
