#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned cases of tests/request-category-cases.tsv: each request is put in place of the one item's
request of a small letter (tests/golden/no-citation.txt), compiled by imrc (which validates its output), and its
category, subcategory and the generics of its decided part's drugs compared with the case's. One line per check.
First, the kinds of grammar/services.vocab and grammar/drugs.vocab that name categories and subcategories are
checked against the schema's enumerations (Category, Subcategory), so that a misspelt kind fails here rather than
in a letter that happens to use it.

usage: check_request_category_cases.py IMRC CASES TEMPLATE
"""
import os
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


def enumeration(xsd, name):
    root = ET.parse(xsd).getroot()
    xs = "{http://www.w3.org/2001/XMLSchema}"
    for t in root.iter(xs + "simpleType"):
        if t.get("name") == name:
            return {e.get("value") for e in t.iter(xs + "enumeration")}
    return set()


def kinds(path, skip):
    return {line.split("\t", 1)[0] for line in open(path, encoding="utf-8")
            if "\t" in line and not line.startswith("#")} - skip


def check_vocabularies(top):
    xsd = os.path.join(top, "schemas", "imrc.xsd")
    failed = 0
    for vocab, enum, skip in (("services.vocab", "Category", {"consult", "consulted", "discipline", "device"}),
                              ("drugs.vocab", "Subcategory",
                               {"topical", "transdermal", "form", "unit", "suffix", "joiner", "count"})):
        path = os.path.join(top, "grammar", vocab)
        allowed = enumeration(xsd, enum)
        extra = sorted(kinds(path, skip) - allowed)
        listed = set()
        for line in open(path, encoding="utf-8"):
            if line.startswith(("consulted\t", "discipline\t")):
                listed.add(line.rstrip("\n").split("\t")[1])
        extra += sorted(listed - allowed)
        if allowed and not extra:
            print("ok request categories: the kinds of grammar/%s are %s values of the schema" % (vocab, enum))
        else:
            failed += 1
            print("not ok request categories: grammar/%s kinds not in the schema's %s: %s" % (vocab, enum, extra))
    return failed


def main():
    imrc, cases, template = sys.argv[1:4]
    letter = open(template, encoding="utf-8").read()
    assert letter.count(ANCHOR) == 1, "the template letter has changed"
    failed = check_vocabularies(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
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
        if all(w == "*" or g in w.split("|") for g, w in zip(got, want)):
            print("ok request case %d: %s" % (n, request[:60]))
        else:
            failed += 1
            print("not ok request case %d: %r gives %r, want %r" % (n, request, got, want))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
