#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks patient/diagnosis of every corpus letter against tests/diagnoses.tsv, a table made by reading the
letters' summaries. One line per check.

usage: check_diagnoses.py TABLE OUTDIR...
Each OUTDIR holds NAME.xml for the table's corpus letters (CM...; one extraction shape a folder) and may hold the
seeds (2014 letters, PDFBox text only). For each folder: precision,
recall and F1 of the diagnoses over all letters, failing below F1 0.95. Diagnoses are compared on their words, so
that poppler's lost line-end hyphens ("rightsided") do not count as a difference.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {"d": "urn:imrc:determination:1"}
THRESHOLD = 0.95


def key(text):
    return re.sub(r"[\s-]+", "", text.lower())


def table(path):
    want = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        letter, _, diagnosis = line.rstrip("\n").partition("\t")
        want.setdefault(letter, [])
        if diagnosis:
            want[letter].append(key(diagnosis))
    return want


def main():
    want = table(sys.argv[1])
    failed = 0
    for outdir in sys.argv[2:]:
        right = got_n = want_n = 0
        missing = []
        for letter, diagnoses in sorted(want.items()):
            path = os.path.join(outdir, letter + ".xml")
            if not os.path.exists(path):
                if letter.startswith("CM"):
                    missing.append(letter)
                continue
            got = [key(d.text or "") for d in ET.parse(path).getroot().findall("d:patient/d:diagnosis", NS)]
            got_n += len(got)
            want_n += len(diagnoses)
            right += sum(1 for d in set(got) if d in diagnoses)
        p = right / got_n if got_n else 0.0
        r = right / want_n if want_n else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        letters = sum(1 for letter in want if os.path.exists(os.path.join(outdir, letter + ".xml")))
        name = "diagnoses %s: precision %.3f recall %.3f F1 %.3f over %d letters" % (
            os.path.basename(outdir.rstrip("/")), p, r, f1, letters)
        if missing or f1 < THRESHOLD:
            failed += 1
            print("not ok %s (below %.2f, or letters missing: %s)" % (name, THRESHOLD, " ".join(missing)))
        else:
            print("ok %s" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
