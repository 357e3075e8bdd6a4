#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/basex.sh IMRC: the XML as a database. Compiles the 102 real letters (tests/seeds, tests/corpus/pdfbox) and
# examples/ with IMRC -d, loads them into one BaseX database (paths letters/ and examples/; an example is the same
# letter as one in the corpus, so every question is asked of letters/ only, and a check asserts each example is
# the same document as its corpus letter), then asks XQuery questions and compares each answer with one derived
# from the letter texts by regular expressions (/usr/bin/python3 below), never from imrc's output:
#   items         upheld and overturned items in all letters (headings ending ": Upheld" / ": Overturned")
#   decisions     each letter's item decisions in order
#   ODG letters   letters with a citation[@source="ODG"] in a guideline; texts: the "Claims Administrator
#                 guideline:" or "MAXIMUS guideline:" text (to the next "MAXIMUS guideline:"/"Decision rationale:")
#                 mentions "ODG" or "Official Disability Guidelines"
#   Texas         letters with reviewer/licensure[@state="TX"]; texts: "State(s) of Licensure:" names Texas, or
#                 the 2014 sentence "licensed to practice in Texas"
#   years         letters per year of case/@decided; texts: the "Decision Date:" header ("none": no header)
#   documents     documents and distinct source/@sha256 in the database; texts: sha256sum of the inputs
#   examples      each examples/ document equals the letters/ one with the same sha256, bar source/@name
# Prints "ok ..." or "not ok ...: got X, expected Y" per check, then "N passed, N failed"; exit 1 on a failure.
# BaseX runs standalone (no server) with its home and databases inside a temporary folder.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: tests/basex.sh IMRC" >&2; exit 2; }
IMRC=$1
case $IMRC in */*) IMRC=$(cd "$(dirname "$IMRC")" && pwd)/$(basename "$IMRC") ;; esac
cd "$(dirname "$0")/.."
command -v basex >/dev/null || { echo "tests/basex.sh: basex not found (apt-get install basex)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
letters=(tests/seeds/*.txt tests/corpus/pdfbox/*.txt)
examples=(examples/*.txt)

mkdir -p "$tmp/xml/letters" "$tmp/xml/examples" "$tmp/basex"
if ! "$IMRC" -q -d "$tmp/xml/letters" "${letters[@]}" || ! "$IMRC" -q -d "$tmp/xml/examples" "${examples[@]}"; then
	echo "not ok compile: $IMRC rejected a letter"; echo "0 passed, 1 failed"; exit 1
fi

# The answers from the texts, one "key<TAB>value" line each.
/usr/bin/python3 - "${#letters[@]}" "${letters[@]}" "${examples[@]}" >"$tmp/expected" <<'EOF' || exit 2
import collections, hashlib, re, sys
n = int(sys.argv[1])
files, examples = sys.argv[2:n + 2], sys.argv[n + 2:]
sha = {f: hashlib.sha256(open(f, "rb").read()).hexdigest() for f in files + examples}
up = over = 0
odg, texas, decisions, years = [], [], [], collections.Counter()
for f in files:
    raw = open(f, encoding="utf-8").read()
    text = re.sub(r"\s+", " ", raw)
    seq = [d[0] for d in re.findall(r"(?:^|:)[ \t]*(Upheld|Overturned)[ \t]*$", raw, re.M)]
    up += seq.count("U"); over += seq.count("O")
    decisions.append(f + ":" + "".join(seq))
    spans = re.findall(r"(?:Claims Administrator|MAXIMUS) guideline:(.*?)"
                       r"(?=MAXIMUS guideline:|Decision rationale:|$)", text)
    if any(re.search(r"\bODG\b|Official Disability Guidelines", s) for s in spans):
        odg.append(f)
    lic = re.search(r"State\(s\) of Licensure:(.*?)Certification|licensed to practice in ([^.]*)", text)
    if lic and "Texas" in (lic.group(1) or lic.group(2)):
        texas.append(f)
    date = re.search(r"Decision Date: (\d\d)/(\d\d)/(\d{4})", text)
    years[date.group(3) if date else "none"] += 1
print("items\tupheld %d overturned %d" % (up, over))
print("decisions\t" + " ".join(sorted(decisions)))
print("ODG letters\t" + " ".join(sorted(odg)))
print("Texas\t" + " ".join(sorted(texas)))
print("years\t" + " ".join("%s:%d" % kv for kv in sorted(years.items())))
print("documents\t%d documents %d letters" % (len(sha), len(set(sha.values()))))
print("examples\t%d" % sum(1 for e in examples if [f for f in files if sha[f] == sha[e]]))
EOF

# The same questions asked of the database.
cat >"$tmp/questions.xq" <<'EOF'
declare default element namespace "urn:imrc:determination:1";
declare function local:line($key, $value) { $key || '&#9;' || string-join($value, ' ') };
let $all := db:open('imrc')/determination
let $letters := $all[starts-with(db:path(.), 'letters/')]
let $examples := $all[starts-with(db:path(.), 'examples/')]
let $items := $letters/items/item
return (
  local:line('items', ('upheld', count($items[@decision = 'upheld']),
                       'overturned', count($items[@decision = 'overturned']))),
  local:line('decisions', sort(for $d in $letters return $d/source/@name || ':' ||
                               string-join($d/items/item/upper-case(substring(@decision, 1, 1))))),
  local:line('ODG letters', sort($letters[items/item/guideline//citation/@source = 'ODG']/source/@name)),
  local:line('Texas', sort($letters[reviewer/licensure/@state = 'TX']/source/@name)),
  local:line('years', for $d in $letters
                      group by $y := (substring($d/case/@decided, 1, 4)[. ne ''], 'none')[1]
                      order by $y return $y || ':' || count($d)),
  local:line('documents', (count($all), 'documents', count(distinct-values($all/source/@sha256)), 'letters')),
  local:line('examples', count(for $e in $examples
                               let $l := $letters[source/@sha256 = $e/source/@sha256]
                               where count($l) = 1 and deep-equal($e/@*, $l/@*)
                                 and deep-equal($e/source/(@* except @name), $l/source/(@* except @name))
                                 and deep-equal($e/(* except source), $l/(* except source))
                               return $e))
)
EOF
if ! JAVA_ARGS="-Dorg.basex.path=$tmp/basex -Dorg.basex.DBPATH=$tmp/basex/data" \
	basex -c "CREATE DB imrc $tmp/xml" "$tmp/questions.xq" >"$tmp/got" 2>"$tmp/basex.log"; then
	grep -v -e '^\[warning\]' -e 'writing new configuration' "$tmp/basex.log" >&2
	echo "not ok basex: the database or a query failed"; echo "0 passed, 1 failed"; exit 1
fi

# Compare. A list answer is summarised as its length and the names only one side has.
pass=0 fail=0
while IFS=$'\t' read -r key expected; do
	got=$(awk -F'\t' -v k="$key" '$1 == k { print $2 }' "$tmp/got")
	if [ -z "$expected" ] || [[ $expected =~ ^[^1-9]*$ ]]; then
		echo "not ok $key: nothing found in the texts"; fail=$((fail + 1))
	elif [ "$got" = "$expected" ]; then
		n=$(wc -w <<<"$expected")
		if [ "$n" -gt 8 ]; then echo "ok $key ($n letters)"; else echo "ok $key: $expected"; fi
		pass=$((pass + 1))
	else
		g=$(tr ' ' '\n' <<<"$got" | sort) e=$(tr ' ' '\n' <<<"$expected" | sort)
		if [ "$(wc -l <<<"$e")" -gt 8 ]; then
			only=$(comm -23 <(echo "$g") <(echo "$e") | xargs) got="$(wc -l <<<"$g")${only:+ (only here: $only)}"
			only=$(comm -13 <(echo "$g") <(echo "$e") | xargs) expected="$(wc -l <<<"$e")${only:+ (only here: $only)}"
		fi
		echo "not ok $key: got ${got:-nothing}, expected $expected"; fail=$((fail + 1))
	fi
done <"$tmp/expected"
# The basex commands of README.md's query cookbook, on the corpus letters (tests/cookbook.py).
mkdir -p "$tmp/cookbook"
(cd tests/corpus/pdfbox && "$IMRC" -q -d "$tmp/cookbook/out" ./*.txt)
cp "$tmp/cookbook/out/CM16-0213037.xml" "$tmp/cookbook/letter.xml"
while read -r status rest; do
	echo "$status $rest"
	if [ "$status" = ok ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done < <(JAVA_ARGS="-Dorg.basex.path=$tmp/basex" /usr/bin/python3 tests/cookbook.py basex "$tmp/cookbook" \
	tests/corpus/pdfbox/CM16-0213037.txt tests/corpus/pdfbox/*.txt 2>/dev/null)
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
