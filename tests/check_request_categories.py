#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks request/@category, request/@subcategory and the drugs of every corpus item against tests/requests.tsv,
a table labelled by reading the letters (SPEC section 7). One line per check.

usage: check_request_categories.py TABLE OUTDIR|ITEMS.csv...
Each OUTDIR holds NAME.xml for the table's letters (one extraction shape a folder); an ITEMS.csv is imrc's items
table (--table=items) of the letters, whose category, subcategory and generics columns are checked the same way. The table's columns: letter,
item (1-based), category, subcategory, generics, request; category and subcategory may hold alternatives
separated by "|" (any is right); generics holds one entry per drug product of the decided part, "; " between
them. The drugs compared are those of the decided part: the mark with reviewed="true", else the remaining
portion, else the whole request. For each folder and field, the accuracy over all items, failing below
THRESHOLD; every difference is printed on standard error.
"""
import csv
import os
import sys
import xml.etree.ElementTree as ET

D = "{urn:imrc:determination:1}"
THRESHOLD = 0.97


def table(path):
    rows = {}
    header = None
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cells = line.rstrip("\n").split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells))
        rows[(row["letter"], int(row["item"]))] = row
    return rows


def decided(request):
    """The part of a request that was decided: the mark with reviewed="true", else remaining, else the whole."""
    for e in request.iter():
        if e.get("reviewed") == "true":
            return e
    remaining = request.find(D + "remaining")
    return remaining if remaining is not None else request


def got_items(path):
    items = {}
    for n, item in enumerate(ET.parse(path).getroot().iter(D + "item"), 1):
        request = item.find(D + "request")
        generics = "; ".join(d.get("generic", "") for d in decided(request).iter(D + "drug"))
        items[n] = {"category": request.get("category", ""), "subcategory": request.get("subcategory", ""),
                    "generics": generics}
    return items


def csv_items(path):
    """{letter: {item: fields}} from an items table."""
    letters = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            letter = os.path.splitext(os.path.basename(row["file"]))[0]
            letters.setdefault(letter, {})[int(row["item"])] = {
                "category": row["category"], "subcategory": row["subcategory"], "generics": row["generics"]}
    return letters


def main():
    want = table(sys.argv[1])
    failed = 0
    for outdir in sys.argv[2:]:
        shape = os.path.basename(outdir.rstrip("/"))
        right = {"category": 0, "subcategory": 0, "generics": 0}
        cache = csv_items(outdir) if outdir.endswith(".csv") else {}
        for (letter, item), row in sorted(want.items()):
            path = os.path.join(outdir, letter + ".xml")
            if letter not in cache and not outdir.endswith(".csv"):
                cache[letter] = got_items(path) if os.path.exists(path) else {}
            got = cache[letter].get(item, {"category": "", "subcategory": "", "generics": ""})
            for field in right:
                accepted = row[field].split("|") if field != "generics" else [row[field]]
                if got[field] in accepted:
                    right[field] += 1
                else:
                    print("# %s %s item %d %s: got %r, want %r (%s)" % (shape, letter, item, field, got[field],
                                                                          row[field], row["request"][:70]),
                          file=sys.stderr)
        for field, n in right.items():
            accuracy = n / len(want) if want else 0.0
            name = "requests %s %s: %d of %d right (%.3f)" % (shape, field, n, len(want), accuracy)
            if accuracy < THRESHOLD:
                failed += 1
                print("not ok " + name)
            else:
                print("ok " + name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
