#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned request cases of a table (tests/requests-pinned.tsv; its header says the format), one line per
case: each request heading is put in place of the one of a small letter (tests/golden/no-citation.txt), compiled,
and its request element, written in the table's bracket form, compared with the table's.

usage: check_requests.py IMRC TABLE"""
import sys

sys.dont_write_bytecode = True          # no __pycache__ in the source tree

import pinned
from pinned import NS

HEADING = "MRI of the right shoulder: Upheld"
# What other checks own: the category of a request and its drugs (check_request_categories.py), where it stands
# in a PDF (check_boxes.py). A drug element is read as its content.
OTHERS = {"category", "subcategory", "page", "box"}


def bracket(element):
    """The element's content: text as written, each child element as [name@attr=value... content]."""
    out = element.text or ""
    for child in element:
        if child.tag == NS + "drug":
            out += bracket(child) + (child.tail or "")
            continue
        attrs = "".join("@%s=%s" % kv for kv in sorted(child.attrib.items()) if kv[0] not in OTHERS)
        out += "[%s%s %s]" % (child.tag.replace(NS, ""), attrs, bracket(child)) + (child.tail or "")
    return out


def main():
    imrc, table = sys.argv[1:]
    letter = pinned.template(HEADING)

    def check(columns):
        text, want = columns
        root, error = pinned.compiled(imrc, letter.replace(HEADING, "%s: Upheld" % text))
        if error:
            return error, want
        request = root.find(".//%srequest" % NS)
        attrs = "".join("@%s=%s " % kv for kv in sorted(request.attrib.items()) if kv[0] not in OTHERS)
        return attrs + bracket(request), want

    return pinned.run("request", table, check)


if __name__ == "__main__":
    sys.exit(main())
