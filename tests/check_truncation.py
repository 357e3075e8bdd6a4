#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Truncated letters are never compiled in silence.

usage: check_truncation.py IMRC TMPDIR LETTER...
Each pdftotext LETTER is cut after every fifth line, and once more with its last page removed (the text after
its second-to-last form feed dropped); every cut is compiled in one batch (--report). A cut must be rejected or
compile with a warning, never compile in silence with fewer items; except the cuts named in LOOKS_COMPLETE
below, which fall right after a complete item at a page break, where nothing is missing that a reader of the
text could tell. Prints one line per letter ("ok ..." or "not ok ..." with the silent cuts).
"""
import csv
import os
import subprocess
import sys

# (letter, cut): cuts that leave a letter that looks complete, each checked by reading the cut text: it ends
# with a form feed, right after an item whose rationale ends in its verdict. Keep this list short and named.
# In these four the last page begins with an item's heading (or is blank, the page before it so), so the letter
# without it ends with the verdict of the item before, at a page break.
LOOKS_COMPLETE = {("CM16-0232543", "lastpage"), ("CM16-0234464", "lastpage"), ("CM17-0003619", "lastpage"),
                  ("CM17-0014438", "lastpage")}


def cuts(text):
    """The cut texts of a letter, named: every fifth line, and the letter without its last page."""
    lines = text.splitlines(keepends=True)
    for n in range(5, len(lines), 5):
        yield f"line{n}", "".join(lines[:n])
    pages = text.split("\f")
    # pdftotext ends every page with a form feed: pages[-1] is what follows the last one (a newline or nothing)
    if len(pages) >= 3:
        last = len(pages) - 2
        while last > 0 and not pages[last].strip():   # a blank last page: the one before it
            last -= 1
        yield "lastpage", "\f".join(pages[:last]) + "\f"


def main():
    imrc, tmp, letters = sys.argv[1], sys.argv[2], sys.argv[3:]
    made = {}
    for path in letters:
        name = os.path.basename(path)[:-4]
        text = open(path, encoding="utf-8").read()
        for cut, part in cuts(text):
            out = os.path.join(tmp, f"{name}.{cut}.txt")
            with open(out, "w", encoding="utf-8") as f:
                f.write(part)
            made.setdefault(name, []).append((cut, out))
    listing = os.path.join(tmp, "list")
    with open(listing, "w", encoding="utf-8") as f:
        for name in made:
            for cut, out in made[name]:
                f.write(out + "\n")
    report = os.path.join(tmp, "report.csv")
    subprocess.run([imrc, "-q", "-j2", "-d", os.path.join(tmp, "out"), "--files-from", listing,
                    "--report", report], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = {row["file"]: row for row in csv.DictReader(open(report, encoding="utf-8"))}
    for name, list_ in made.items():
        silent = [cut for cut, out in list_
                  if rows[out]["status"] == "compiled" and rows[out]["warnings"] == "0"
                  and (name, cut) not in LOOKS_COMPLETE]
        count = len(list_)
        if silent:
            print(f"not ok truncation {name}: {len(silent)} of {count} cuts compile in silence: {' '.join(silent)}")
        else:
            print(f"ok truncation {name}: {count} cuts, each rejected or warned")


main()
