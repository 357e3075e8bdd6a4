#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned date cases of a table (tests/dates-pinned.tsv; its header says the format), one line per
case: each sentence is put at the start of the decision rationale of a small letter (tests/golden/no-citation.txt),
compiled, and the dates of the rationale compared with the table's.

usage: check_dates.py IMRC TABLE"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:imrc:determination:1}"
LETTER = "tests/golden/no-citation.txt"
RATIONALE = "Decision rationale: Not medically necessary."


def main():
    imrc, table = sys.argv[1:]
    template = open(LETTER, encoding="utf-8").read()
    failed = 0
    for number, line in enumerate(open(table, encoding="utf-8"), 1):
        if line.startswith("#") or not line.strip():
            continue
        text, want = line.rstrip("\n").split("\t")
        letter = template.replace(RATIONALE, "Decision rationale: %s Not medically necessary." % text)
        done = subprocess.run([imrc, "-q", "-"], input=letter, capture_output=True, text=True)
        got = "error: " + done.stderr.strip()
        if done.returncode == 0:
            rationale = ET.fromstring(done.stdout).find(".//%srationale" % NS)
            got = " || ".join("%s=%s" % (d.get("value"), d.text) for d in rationale.iter(NS + "date")) or "-"
        if got == want:
            print("ok dates line %d" % number)
        else:
            failed += 1
            print("not ok dates line %d: %s: got %r, want %r" % (number, text, got, want))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
