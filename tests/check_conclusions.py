#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks every rationale's conclusion against tests/conclusions.tsv, a table made by reading the letters.

usage: check_conclusions.py TABLE OUTDIR...
For each row (case, item, label) of TABLE, OUTDIR/CASE.xml (in every OUTDIR: the pdfbox and the pdftotext
letters) must hold item number ITEM whose rationale's @conclusion is the label's (necessary: medically-necessary,
not-necessary: not-medically-necessary, none: no attribute). Prints one "ok"/"not ok" line per OUTDIR and row.
"""
import os
import sys
import xml.etree.ElementTree as ET

NS = {"d": "urn:imrc:determination:1"}
WANT = {"necessary": "medically-necessary", "not-necessary": "not-medically-necessary", "none": None}


def main():
    rows = []
    with open(sys.argv[1], encoding="utf-8") as table:
        for line in table:
            if line.startswith("#") or not line.strip():
                continue
            case, item, label, words = line.rstrip("\n").split("\t")
            rows.append((case, int(item), WANT[label], words))
    for outdir in sys.argv[2:]:
        letters = {}
        for case, item, want, words in rows:
            path = os.path.join(outdir, case + ".xml")
            if path not in letters:
                letters[path] = ET.parse(path).getroot().findall(".//d:items/d:item", NS) if os.path.exists(path) else []
            items = letters[path]
            got = "missing item"
            if item <= len(items):
                rationale = items[item - 1].find("d:rationale", NS)
                got = rationale.get("conclusion") if rationale is not None else "no rationale"
            name = f"conclusion {outdir.rstrip('/').split('/')[-1]} {case} item {item}"
            if got == want:
                print(f"ok {name}")
            else:
                print(f"not ok {name}: {got}, expected {want} ('... {words}')")


main()
