#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tests/bench-pdf.sh IMRC [OUT.md]: the PDF benchmark of `make bench`. Cycles the 97 corpus PDFs (tests/corpus/pdf)
# into a batch of BATCH files (default 300) and one of BIG files (default 1000) in a folder on tmpfs when there is
# one, then runs ROUNDS (default 5) interleaved rounds over the batch of:
#   imrc -j1 and -j2, one process compiling every PDF to XML (validated) with -d;
#   pdftotext run once per file (the pipeline users run today before a text tool), text to files;
# and reports medians, the ratio, and imrc's peak RSS for both batch sizes at -j1 and -j2. With BASE=OTHER_IMRC it
# also times OTHER_IMRC -j1 on the 97 PDFs against IMRC (before and after a change). Replaces the section
# "## PDF input" of OUT.md (default BENCHMARKS.md), or appends it; the rest of the file is left as it is.
set -euo pipefail
IMRC=$(realpath "${1:?usage: tests/bench-pdf.sh IMRC [OUT.md]}")
OUT=${2:-BENCHMARKS.md}
ROUNDS=${ROUNDS:-5}
BATCH=${BATCH:-300}
BIG=${BIG:-1000}
BASE=${BASE:-}
[ -z "$BASE" ] || BASE=$(realpath "$BASE")
base=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
W=$(mktemp -d "$base/imrc-bench-pdf.XXXXXX")
trap 'rm -rf "$W"' EXIT

pdfs=(tests/corpus/pdf/*.pdf)
cp "${pdfs[@]}" "$(mkdir -p "$W/corpus" && echo "$W/corpus")"
# batch DIR N: N files cycled from the corpus PDFs, and DIR.list naming them
batch() {
	local dir=$1 n=$2 i=0
	mkdir -p "$W/$dir"
	while [ $i -lt "$n" ]; do
		for f in "${pdfs[@]}"; do
			[ $i -lt "$n" ] || break
			cp "$f" "$W/$dir/letter$i.pdf"
			i=$((i + 1))
		done
	done
	(cd "$W" && ls "$dir" | sed "s|^|$dir/|" >"$dir.list")
}
batch in "$BATCH"
batch big "$BIG"
bytes=$(cat "$W"/in/*.pdf | wc -c)

. "$(dirname "$0")/bench-common.sh"     # seconds, median_of

declare -A runs
configs=(j1 j2 pdftotext)
[ -z "$BASE" ] || configs+=(corpus-base corpus-now)
for r in $(seq 1 "$ROUNDS"); do
	for c in "${configs[@]}"; do
		rm -rf "$W/out"
		mkdir -p "$W/out"
		case $c in
		j1) t=$(seconds "$IMRC" -q -j1 -d out --files-from=in.list) ;;
		j2) t=$(seconds "$IMRC" -q -j2 -d out --files-from=in.list) ;;
		pdftotext) t=$(seconds sh -c 'for f in in/*.pdf; do pdftotext "$f" "out/${f#in/}.txt"; done') ;;
		corpus-base) t=$(seconds "$BASE" -q -j1 -d out corpus) ;;
		corpus-now) t=$(seconds "$IMRC" -q -j1 -d out corpus) ;;
		esac
		runs[$c]="${runs[$c]:-} $t"
	done
done
declare -A med
for c in "${configs[@]}"; do med[$c]=$(median_of "${runs[$c]}"); done

# rss J LIST: imrc's peak RSS (KB) over the files of LIST at -jJ
rss() {
	rm -rf "$W/out"
	(cd "$W" && /usr/bin/time -f %M "$IMRC" -q -j"$1" -d out --files-from="$2" 2>&1 >/dev/null | tail -1)
}
rss_j1=$(rss 1 in.list); rss_j2=$(rss 2 in.list); rss_big_j1=$(rss 1 big.list); rss_big_j2=$(rss 2 big.list)
ms() { echo "${med[$1]} * 1000 / $BATCH" | bc -l | xargs printf '%.1f'; }
ratio=$(echo "${med[pdftotext]} / ${med[j1]}" | bc -l)
ratio_j2=$(echo "${med[pdftotext]} / ${med[j2]}" | bc -l)
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo "**missed**"; fi; }

section=$(
	echo "## PDF input"
	echo
	echo "Written by \`make bench\` (tests/bench-pdf.sh, $(date -u +%Y-%m-%d), imrc $("$IMRC" --version | cut -d' ' -f2)). Medians of"
	echo "$ROUNDS interleaved rounds over a batch of $BATCH PDFs ($(echo "$bytes / 1048576" | bc -l | xargs printf '%.1f') MB, cycled from the ${#pdfs[@]} corpus PDFs) in \`$base\`."
	echo "imrc reads each PDF in-process (poppler-glib: the page texts, their characters' boxes, the structure tree where"
	echo "a paragraph may cross a page) and writes validated XML; pdftotext, run once per file, only writes text."
	echo
	echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"
	echo "$(free -g | awk '/Mem:/ { print $2 }') GiB, $(uname -sr). Shared and noisy: compare the ratios, measured in one run."
	echo
	echo "| run | seconds | ms a PDF |"
	echo "|---|---:|---:|"
	printf '| imrc -j1 | %.2f | %s |\n' "${med[j1]}" "$(ms j1)"
	printf '| imrc -j2 | %.2f | %s |\n' "${med[j2]}" "$(ms j2)"
	printf '| pdftotext, once per file | %.2f | %s |\n' "${med[pdftotext]}" "$(ms pdftotext)"
	echo
	echo "| target | measured | |"
	echo "|---|---:|---|"
	printf '| imrc -j1 at least 2x as fast as pdftotext per file | %.2fx (-j2: %.2fx) | %s |\n' "$ratio" "$ratio_j2" \
		"$(verdict "$ratio >= 2")"
	printf '| peak RSS under 64 MB, batch of %d: -j1 / -j2 | %d / %d KB | %s |\n' "$BATCH" "$rss_j1" "$rss_j2" \
		"$(verdict "$rss_j1 < 65536 && $rss_j2 < 65536")"
	printf '| peak RSS under 64 MB, batch of %d: -j1 / -j2 | %d / %d KB | %s |\n' "$BIG" "$rss_big_j1" "$rss_big_j2" \
		"$(verdict "$rss_big_j1 < 65536 && $rss_big_j2 < 65536")"
	if [ -n "$BASE" ]; then
		echo
		printf 'The %d corpus PDFs at -j1, %s against this imrc: %.2f s and %.2f s (%.2fx).\n' "${#pdfs[@]}" \
			"$BASE" "${med[corpus-base]}" "${med[corpus-now]}" "$(echo "${med[corpus-now]} / ${med[corpus-base]}" | bc -l)"
	fi
	echo
	echo "Commands (in the batch's folder; \`in.list\` names the $BATCH PDFs, \`big.list\` the $BIG):"
	echo
	echo '```'
	echo "imrc -q -j1 -d out --files-from=in.list                 # and -j2"
	echo 'for f in in/*.pdf; do pdftotext "$f" "out/${f#in/}.txt"; done'
	echo "/usr/bin/time -f %M imrc -q -j1 -d out --files-from=in.list   # peak RSS (KB); -j2; big.list"
	echo '```'
)
touch "$OUT"
python3 - "$OUT" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2].rstrip("\n") + "\n"
text = open(path, encoding="utf-8").read()
m = re.search(r"^## PDF input\n.*?(?=^## |\Z)", text, re.S | re.M)
if m:
    text = text[:m.start()] + section + ("\n" if m.end() < len(text) else "") + text[m.end():]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w", encoding="utf-8").write(text)
PY
echo "$section"
