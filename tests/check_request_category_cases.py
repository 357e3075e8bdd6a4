#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned cases of tests/request-category-cases.tsv: each request is put in place of the one item's
request of a small letter (tests/golden/no-citation.txt), compiled by imrc (which validates its output), and its
category, subcategory and the generics of its decided part's drugs compared with the case's (tests/pinned.py;
"a|b" accepts either, "*" is not checked). One line per check.
First, the kinds of grammar/services.vocab and grammar/drugs.vocab that name categories and subcategories are
checked against the schema's enumerations (Category, Subcategory), so that a misspelt kind fails here rather than
in a letter that happens to use it.

usage: check_request_category_cases.py IMRC CASES TEMPLATE
"""
import os
import sys

sys.dont_write_bytecode = True          # no __pycache__ in the source tree
import xml.etree.ElementTree as ET

import pinned
from check_request_categories import decided  # noqa: E402

D = pinned.NS
ANCHOR = "MRI of the right shoulder: Upheld"


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
    letter = pinned.template(ANCHOR, template)
    failed = check_vocabularies(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

    def check(columns):
        request, want = columns[0], tuple(columns[1:4])
        root, error = pinned.compiled(imrc, letter.replace(ANCHOR, request + ": Upheld"))
        if error:
            return False, error, want
        got_request = root.find(".//%sitem/%srequest" % (D, D))
        got = (got_request.get("category", ""), got_request.get("subcategory", ""),
               "; ".join(d.get("generic") for d in decided(got_request).iter(D + "drug")))
        return all(w == "*" or g in w.split("|") for g, w in zip(got, want)), got, want

    return pinned.run("request case", cases, check) or (1 if failed else 0)


if __name__ == "__main__":
    sys.exit(main())
