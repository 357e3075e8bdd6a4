#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned cases of tests/diagnosis-cases.tsv: each sentence is put into the summary of a small letter
(after its one summary sentence), compiled by imrc, and its patient/diagnosis elements compared with the case's
(tests/pinned.py).

usage: check_diagnosis_cases.py IMRC CASES TEMPLATE
"""
import sys

sys.dont_write_bytecode = True          # no __pycache__ in the source tree

import pinned

ANCHOR = "The injured worker is a 48 year old male who sustained an industrial injury on 10-13-16. "


def main():
    imrc, cases, template = sys.argv[1:4]
    letter = pinned.template(ANCHOR, template)

    def check(columns):
        sentence, want = (columns + [""])[:2]
        want = want.split(" | ") if want else []
        root, error = pinned.compiled(imrc, letter.replace(ANCHOR, ANCHOR + sentence + " "))
        if error:
            return error, want
        return [d.text for d in root.iter(pinned.NS + "diagnosis")], want

    return pinned.run("diagnosis case", cases, check)


if __name__ == "__main__":
    sys.exit(main())
