#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned cases of tests/diagnosis-cases.tsv: each sentence is put into the summary of a small letter
(tests/golden/no-citation.txt, after its one summary sentence), compiled by imrc, and its patient/diagnosis
elements compared with the case's. One line per check.

usage: check_diagnosis_cases.py IMRC CASES TEMPLATE
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {"d": "urn:imrc:determination:1"}
ANCHOR = "The injured worker is a 48 year old male who sustained an industrial injury on 10-13-16. "


def main():
    imrc, cases, template = sys.argv[1:4]
    letter = open(template, encoding="utf-8").read()
    assert ANCHOR in letter, "the template letter has changed"
    failed = 0
    for n, line in enumerate(open(cases, encoding="utf-8"), 1):
        if line.startswith("#") or not line.strip():
            continue
        sentence, _, want = line.rstrip("\n").partition("\t")
        text = letter.replace(ANCHOR, ANCHOR + sentence + " ")
        run = subprocess.run([imrc, "-q", "-"], input=text.encode(), capture_output=True)
        if run.returncode != 0:
            failed += 1
            print("not ok diagnosis case %d: imrc exits %d: %s" % (n, run.returncode, run.stderr.decode()))
            continue
        got = [d.text for d in ET.fromstring(run.stdout).findall("d:patient/d:diagnosis", NS)]
        want = want.split(" | ") if want else []
        if got == want:
            print("ok diagnosis case %d: %s" % (n, sentence[:60]))
        else:
            failed += 1
            print("not ok diagnosis case %d: %r gives %r, want %r" % (n, sentence, got, want))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
