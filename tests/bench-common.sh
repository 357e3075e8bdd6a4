# SPDX-License-Identifier: GPL-3.0-or-later
# tests/bench-common.sh: what tests/bench.sh and tests/bench-pdf.sh share, sourced by both (they set W, the
# scratch folder the commands run in).

# seconds CMD...: wall seconds of one run, in $W (output discarded).
seconds() {
	local start end
	start=$(date +%s.%N)
	(cd "$W" && "$@") >/dev/null 2>&1 || true
	end=$(date +%s.%N)
	echo "$end - $start" | bc -l
}

# median_of "T1 T2 ...": the median of the times.
median_of() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
