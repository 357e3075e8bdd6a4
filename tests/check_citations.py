#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned citation cases of a table (tests/citations-pinned.tsv; its header says the format), one line
per case: each text is put into a small letter (tests/golden/no-citation.txt) as its MAXIMUS guideline or at the
start of its decision rationale, compiled, and the citations there compared with the table's.

usage: check_citations.py IMRC TABLE"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:imrc:determination:1}"
LETTER = "tests/golden/no-citation.txt"
PLACES = {"guideline": ("MAXIMUS guideline: None given.", "MAXIMUS guideline: %s"),
          "rationale": ("Decision rationale: Not medically necessary.", "Decision rationale: %s Not medically necessary.")}


def part_of(root, where):
    """The MAXIMUS guideline or the rationale of the letter's one item."""
    if where == "rationale":
        return root.find(".//%srationale" % NS)
    return next(g for g in root.iter(NS + "guideline") if g.get("by") == "imro")


def described(citation):
    """A citation as the table writes it."""
    parts = [citation.get("source")]
    parts += ["%s=%s" % (k, v) for k, v in citation.attrib.items() if k not in ("source", "page")]
    parts += ["section=%s" % "".join(s.itertext()) for s in citation.iter(NS + "section")]
    return "; ".join(parts)


def main():
    imrc, table = sys.argv[1:]
    template = open(LETTER, encoding="utf-8").read()
    failed = 0
    for number, line in enumerate(open(table, encoding="utf-8"), 1):
        if line.startswith("#") or not line.strip():
            continue
        where, text, want = line.rstrip("\n").split("\t")
        old, new = PLACES[where]
        letter = template.replace(old, new % text)
        done = subprocess.run([imrc, "-q", "-"], input=letter, capture_output=True, text=True)
        got = "error: " + done.stderr.strip()
        if done.returncode == 0:
            part = part_of(ET.fromstring(done.stdout), where)
            got = " || ".join(described(c) for c in part.iter(NS + "citation")) or "-"
        if got == want:
            print("ok citations %s line %d" % (where, number))
        else:
            failed += 1
            print("not ok citations %s line %d: %s: got %r, want %r" % (where, number, text, got, want))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
