#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned date cases of a table (tests/dates-pinned.tsv; its header says the format): each sentence is put
at the start of the decision rationale of a small letter, compiled, and the dates of the rationale compared with
the table's (tests/pinned.py).

usage: check_dates.py IMRC TABLE"""
import sys

sys.dont_write_bytecode = True          # no __pycache__ in the source tree

import pinned

RATIONALE = "Decision rationale: Not medically necessary."


def main():
    imrc, table = sys.argv[1:]
    letter = pinned.template(RATIONALE)

    def check(columns):
        text, want = columns
        root, error = pinned.compiled(imrc, letter.replace(RATIONALE, "Decision rationale: %s Not medically necessary." % text))
        if error:
            return error, want
        rationale = root.find(".//%srationale" % pinned.NS)
        return " || ".join("%s=%s" % (d.get("value"), d.text) for d in rationale.iter(pinned.NS + "date")) or "-", want

    return pinned.run("dates", table, check)


if __name__ == "__main__":
    sys.exit(main())
