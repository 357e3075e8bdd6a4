#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned cases of tests/request-cases.tsv: each request is put in place of the one item's request of a
small letter (tests/golden/no-citation.txt), compiled by imrc (which validates its output), and its category,
subcategory and the generics of its decided part's drugs compared with the case's. One line per check.

usage: check_request_cases.py IMRC CASES TEMPLATE
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

D = "{urn:imrc:determination:1}"
ANCHOR = "MRI of the right shoulder: Upheld"


def decided(request):
    for e in request.iter():
        if e.get("reviewed") == "true":
            return e
    remaining = request.find(D + "remaining")
    return remaining if remaining is not None else request


def main():
    imrc, cases, template = sys.argv[1:4]
    letter = open(template, encoding="utf-8").read()
    assert letter.count(ANCHOR) == 1, "the template letter has changed"
    failed = 0
    for n, line in enumerate(open(cases, encoding="utf-8"), 1):
        if line.startswith("#") or not line.strip():
            continue
        request, category, subcategory, generics = line.rstrip("\n").split("\t")
        text = letter.replace(ANCHOR, request + ": Upheld")
        run = subprocess.run([imrc, "-q", "-"], input=text.encode(), capture_output=True)
        if run.returncode != 0:
            failed += 1
            print("not ok request case %d: imrc exits %d: %s" % (n, run.returncode, run.stderr.decode()))
            continue
        got_request = ET.fromstring(run.stdout).find(".//%sitem/%srequest" % (D, D))
        got = (got_request.get("category", ""), got_request.get("subcategory", ""),
               "; ".join(d.get("generic") for d in decided(got_request).iter(D + "drug")))
        want = (category, subcategory, generics)
        if got == want:
            print("ok request case %d: %s" % (n, request[:60]))
        else:
            failed += 1
            print("not ok request case %d: %r gives %r, want %r" % (n, request, got, want))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
