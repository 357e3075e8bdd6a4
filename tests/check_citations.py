#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned citation cases of a table (tests/citations-pinned.tsv; its header says the format): each text is
put into a small letter as its MAXIMUS guideline or at the start of its decision rationale, compiled, and the
citations there compared with the table's (tests/pinned.py).

usage: check_citations.py IMRC TABLE"""
import sys

sys.dont_write_bytecode = True          # no __pycache__ in the source tree

import pinned
from pinned import NS

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
    letter = pinned.template(PLACES["guideline"][0])

    def check(columns):
        where, text, want = columns
        old, new = PLACES[where]
        root, error = pinned.compiled(imrc, letter.replace(old, new % text))
        if error:
            return error, want
        return " || ".join(described(c) for c in part_of(root, where).iter(NS + "citation")) or "-", want

    return pinned.run("citations", table, check)


if __name__ == "__main__":
    sys.exit(main())
