#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the pinned request cases of a table (tests/requests-pinned.tsv; its header says the format), one line per
case: each request heading is put in place of the one of a small letter (tests/golden/no-citation.txt), compiled,
and its request element, written in the table's bracket form, compared with the table's.

usage: check_requests.py IMRC TABLE"""
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:imrc:determination:1}"
LETTER = "tests/golden/no-citation.txt"
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
    template = open(LETTER, encoding="utf-8").read()
    assert HEADING in template, "the template letter has changed"
    failed = 0
    for number, line in enumerate(open(table, encoding="utf-8"), 1):
        if line.startswith("#") or not line.strip():
            continue
        text, want = line.rstrip("\n").split("\t")
        letter = template.replace(HEADING, "%s: Upheld" % text)
        done = subprocess.run([imrc, "-q", "-"], input=letter, capture_output=True, text=True)
        got = "error: " + done.stderr.strip()
        if done.returncode == 0:
            request = ET.fromstring(done.stdout).find(".//%srequest" % NS)
            attrs = "".join("@%s=%s " % kv for kv in sorted(request.attrib.items()) if kv[0] not in OTHERS)
            got = attrs + bracket(request)
        if got == want:
            print("ok request line %d" % number)
        else:
            failed += 1
            print("not ok request line %d: %s:\n#   got  %s\n#   want %s" % (number, text, got, want))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
