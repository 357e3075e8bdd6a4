#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/bench.sh IMRC [OUT.md]: the benchmark of `make bench`. Builds a corpus of 10,000 letters by cycling the
# real letters (examples/, and ../shared/corpus when it is there) into a folder on tmpfs when there is one, then
# runs interleaved rounds of:
#   imrc -j1 / -j2, with and without validation, one process writing one file per letter with -d;
#   cmark --to xml over all the same files in one process (a peer document compiler), output to /dev/null;
#   xmllint --noout --schema over imrc's own outputs (what mere validation costs);
# and reports medians, peak RSS (the 10,000-letter batch and one letter), and the cost per byte of a letter ten
# times the median size (its items repeated) against a median one. Writes the table, the machine and the exact
# commands to OUT.md (default BENCHMARKS.md). With BASELINE=COMMIT, that commit is built beside this one (a git
# worktree in the scratch folder) and its -j1 runs join the same interleaved rounds, for a ratio measured side by
# side ("within 15% of the commit before them").
set -euo pipefail
IMRC=$(realpath "${1:?usage: tests/bench.sh IMRC [OUT.md]}")
OUT=${2:-BENCHMARKS.md}
ROUNDS=${ROUNDS:-5}
LETTERS=${LETTERS:-10000}
SCHEMA=$(realpath schemas/imrc.xsd)
base=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
W=$(mktemp -d "$base/imrc-bench.XXXXXX")
BASELINE=${BASELINE:-}
cleanup() {
	[ -z "$BASELINE" ] || git worktree remove --force "$W/base" 2>/dev/null || true
	rm -rf "$W"
}
trap cleanup EXIT
if [ -n "$BASELINE" ]; then
	git worktree add -q --detach "$W/base" "$BASELINE"
	make -C "$W/base" -s imrc >/dev/null
	BASE_IMRC=$W/base/imrc
fi

sources=(examples/*.txt)
[ -d ../shared/corpus ] && sources+=(../shared/corpus/pdfbox/*.txt ../shared/corpus/pdftotext/*.txt)
mkdir -p "$W/in"
i=0
while [ $i -lt "$LETTERS" ]; do
	for f in "${sources[@]}"; do
		[ $i -lt "$LETTERS" ] || break
		cp "$f" "$W/in/letter$i.txt"
		i=$((i + 1))
	done
done
(cd "$W" && ls in | sed 's|^|in/|' >list)
bytes=$(cat "$W"/in/*.txt | wc -c)

# A median letter, and one ten times its size: its items repeated (a letter of many items).
median=$(ls -S examples/CM*.txt | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }')
python3 - "$median" "$W/median.txt" "$W/tenfold.txt" <<'EOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
intro = "set forth below:"
head, items = text.split(intro, 1)
head += intro
open(sys.argv[2], "w", encoding="utf-8").write(text)
tenfold = head + items
while len(tenfold.encode()) < 10 * len(text.encode()):
    tenfold += items
open(sys.argv[3], "w", encoding="utf-8").write(tenfold)
EOF
mkdir -p "$W/small" "$W/large"
median_bytes=$(wc -c <"$W/median.txt")
tenfold_bytes=$(wc -c <"$W/tenfold.txt")
for i in $(seq 1 500); do cp "$W/median.txt" "$W/small/m$i.txt"; done
copies=$(( (500 * median_bytes + tenfold_bytes - 1) / tenfold_bytes ))
for i in $(seq 1 $copies); do cp "$W/tenfold.txt" "$W/large/t$i.txt"; done

. "$(dirname "$0")/bench-common.sh"     # seconds, median_of

declare -A runs
configs=(j1 j1-novalidate j2 j2-novalidate cmark xmllint small large)
[ -z "$BASELINE" ] || configs+=(base-j1 base-j1-novalidate)
for r in $(seq 1 "$ROUNDS"); do
	for c in "${configs[@]}"; do
		rm -rf "$W/out"
		case $c in
		j1) t=$(seconds "$IMRC" -q -j1 -d out --files-from=list) ;;
		j1-novalidate) t=$(seconds "$IMRC" -q -j1 --no-validate -d out --files-from=list) ;;
		j2) t=$(seconds "$IMRC" -q -j2 -d out --files-from=list) ;;
		j2-novalidate) t=$(seconds "$IMRC" -q -j2 --no-validate -d out --files-from=list) ;;
		cmark) t=$(seconds sh -c 'cmark --to xml in/*.txt >/dev/null') ;;
		xmllint)
			(cd "$W" && "$IMRC" -q -d out --files-from=list)
			t=$(seconds sh -c "find out -name '*.xml' -print0 | xargs -0 xmllint --noout --schema '$SCHEMA'") ;;
		small) t=$(seconds "$IMRC" -q -d out small/*.txt) ;;
		large) t=$(seconds "$IMRC" -q -d out large/*.txt) ;;
		base-j1) t=$(seconds "$BASE_IMRC" -q -j1 -d out --files-from=list) ;;
		base-j1-novalidate) t=$(seconds "$BASE_IMRC" -q -j1 --no-validate -d out --files-from=list) ;;
		esac
		runs[$c]="${runs[$c]:-} $t"
	done
done

declare -A med
for c in "${configs[@]}"; do med[$c]=$(median_of "${runs[$c]}"); done
rate() { echo "$LETTERS / ${med[$1]}" | bc -l; }
mbps() { echo "$bytes / ${med[$1]} / 1048576" | bc -l; }

rm -rf "$W/out"
rss_batch=$(cd "$W" && /usr/bin/time -f %M "$IMRC" -q -d out --files-from=list 2>&1 >/dev/null | tail -1)
rm -rf "$W/out"
kernel=$(cd "$W" && /usr/bin/time -f %S "$IMRC" -q -j1 -d out --files-from=list 2>&1 >/dev/null | tail -1)
rss_one=$(cd "$W" && /usr/bin/time -f %M "$IMRC" -q median.txt -o one.xml 2>&1 >/dev/null | tail -1)
list_kb=$(( $(wc -c <"$W/list") / 1024 ))
per_byte_small=$(echo "${med[small]} / (500 * $median_bytes)" | bc -l)
per_byte_large=$(echo "${med[large]} / ($copies * $tenfold_bytes)" | bc -l)

j1=$(rate j1); j2=$(rate j2); cm=$(rate cmark); xl=$(rate xmllint)
r_cmark=$(echo "$j1 / $cm" | bc -l)
r_xmllint=$(echo "$j1 / $xl" | bc -l)
r_j2=$(echo "$j2 / $j1" | bc -l)
r_byte=$(echo "$per_byte_large / $per_byte_small" | bc -l)
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo "**missed**"; fi; }

{
	echo "# Benchmarks"
	echo
	echo "Written by \`make bench\` ($(date -u +%Y-%m-%d), imrc $("$IMRC" --version | cut -d' ' -f2)). Medians of $ROUNDS interleaved"
	echo "rounds over $LETTERS letters ($(echo "$bytes / 1048576" | bc -l | xargs printf '%.1f') MB, cycled from ${#sources[@]} real letters) in \`$base\`."
	echo
	echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
	echo "$(free -g | awk '/Mem:/ { print $2 }') GiB, $(uname -sr). Shared and noisy: compare the ratios, measured in one run."
	echo
	echo "| run | seconds | letters/s | MB/s |"
	echo "|---|---:|---:|---:|"
	for c in j1 j1-novalidate j2 j2-novalidate cmark xmllint; do
		printf '| %s | %.2f | %.0f | %.1f |\n' "$c" "${med[$c]}" "$(rate "$c")" "$(mbps "$c")"
	done
	echo
	echo "| target | measured | |"
	echo "|---|---:|---|"
	printf '| imrc -j1 (validating) at least 2x cmark letters/s | %.2fx | %s |\n' "$r_cmark" "$(verdict "$r_cmark >= 2")"
	printf '| imrc -j1 at least 0.6x xmllint merely validating | %.2fx | %s |\n' "$r_xmllint" "$(verdict "$r_xmllint >= 0.6")"
	printf '| -j2 at least 1.6x -j1 | %.2fx | %s |\n' "$r_j2" "$(verdict "$r_j2 >= 1.6")"
	printf '| peak RSS of the batch under 16 MB + the path list (%d KB) | %d KB | %s |\n' "$list_kb" "$rss_batch" \
		"$(verdict "$rss_batch < 16384 + $list_kb")"
	printf '| peak RSS of one letter | %d KB | |\n' "$rss_one"
	printf '| cost per byte of a letter ten times the median (%d B) within 2x of the median (%d B) | %.2fx | %s |\n' \
		"$tenfold_bytes" "$median_bytes" "$r_byte" "$(verdict "$r_byte <= 2")"
	echo
	us() { echo "($1) * 1000000 / $LETTERS" | bc -l | xargs printf '%.0f'; }
	budget=$(echo "1000000 / (2 * $cm)" | bc -l | xargs printf '%.0f')
	validation=$(us "${med[j1]} - ${med[j1-novalidate]}")
	echo "Where a letter's time goes at -j1: $(us "${med[j1]}") µs in all; schema validation (libxml2, streaming) $validation µs"
	echo "(j1 against j1-novalidate); the kernel $(us "$kernel") µs (system time of one j1 run: reading the letter, writing"
	echo "its file and renaming it into place). Twice cmark's rate leaves $budget µs a letter: validation and the kernel"
	echo "alone take $(( validation + $(us "$kernel") )) µs, before any work of imrc's own."
	echo
	if [ -n "$BASELINE" ]; then
		echo "Against $BASELINE ($(git log -1 --format=%s "$BASELINE" | cut -c1-60)...), built beside this commit ($(git rev-parse --short HEAD)) and run in the same rounds:"
		echo
		echo "| run | $BASELINE (s) | this commit (s) | ratio |"
		echo "|---|---:|---:|---:|"
		for c in j1 j1-novalidate; do
			printf '| %s | %.2f | %.2f | %.2fx |\n' "$c" "${med[base-$c]}" "${med[$c]}" "$(echo "${med[$c]} / ${med[base-$c]}" | bc -l)"
		done
		echo
	fi
	echo "Commands (in the corpus folder; \`list\` names the $LETTERS letters):"
	echo
	echo '```'
	echo "imrc -q -j1 -d out --files-from=list            # and -j2, and each with --no-validate"
	echo "cmark --to xml in/*.txt >/dev/null"
	echo "find out -name '*.xml' -print0 | xargs -0 xmllint --noout --schema schemas/imrc.xsd"
	echo "/usr/bin/time -f %M imrc -q -d out --files-from=list    # peak RSS (KB), and for one letter"
	echo "imrc -q -d out small/*.txt                       # 500 copies of the median letter"
	echo "imrc -q -d out large/*.txt                       # the same bytes as $copies copies of the tenfold letter"
	[ -z "$BASELINE" ] || echo "BASELINE=$BASELINE make bench                     # $BASELINE's imrc -j1, built in a worktree"
	echo '```'
} >"$OUT"
cat "$OUT"
