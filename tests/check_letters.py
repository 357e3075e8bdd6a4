#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks compiled letters against their inputs, one line of TAP-like output per letter.

usage: check_letters.py SCHEMA OUTDIR INPUT...
For every INPUT (a .txt letter), OUTDIR/NAME.xml must:
  - validate against SCHEMA with python3-xmlschema (a second engine beside libxml2's xmllint);
  - hold one item per "Claims Administrator guideline:" label of the input, in order, each with the decision
    that the input's heading gives: the last "Upheld" or "Overturned" ending a line before that label.
The expectations come from the input text alone (grep-level), never from imrc.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

import xmlschema

NS = {"d": "urn:imrc:determination:1"}
DECISION_AT_LINE_END = re.compile(r"(Upheld|Overturned)[ \t]*$", re.M)


def expected_decisions(text):
    decisions = []
    start = 0
    for label in re.finditer(r"Claims Administrator guideline:", text):
        words = DECISION_AT_LINE_END.findall(text, start, label.start())
        decisions.append(words[-1].lower() if words else None)
        start = label.end()
    return decisions


def main():
    schema = xmlschema.XMLSchema(sys.argv[1])
    outdir = sys.argv[2]
    failed = 0
    for path in sys.argv[3:]:
        name = os.path.basename(path)[:-4]
        out = os.path.join(outdir, name + ".xml")
        problem = None
        try:
            schema.validate(out)
            with open(path, encoding="utf-8") as f:
                want = expected_decisions(f.read())
            got = [i.get("decision") for i in ET.parse(out).getroot().findall("d:items/d:item", NS)]
            if not want:
                problem = "no 'Claims Administrator guideline:' in the input"
            elif got != want:
                problem = "decisions %s, the letter has %s" % (got, want)
        except Exception as e:  # a missing or invalid file is a failure of this letter
            problem = str(e).splitlines()[0]
        if problem:
            failed += 1
            print("not ok letter %s: %s" % (name, problem))
        else:
            print("ok letter %s (second engine, items)" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
