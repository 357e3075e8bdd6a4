#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/check_header_orders.py IMRC TMPDIR NAME...: the case header is a set of fields, read in any order. For
each corpus letter NAME (tests/corpus/pdfbox and tests/corpus/pdftotext), its header's fields are shuffled
(seeded permutations, none the letter's own order) and written back in the extractor's shape: rows of label and
value (pdfbox, its empty line after every line) or a column of labels and then their values (pdftotext, four
fields and then three); the letter must give the same header element and case attributes as the letter as it
is. One line per letter and shape.
"""
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {"d": "urn:imrc:determination:1"}
# the header's labels, as the letters write them (tests/corpus), in the letters' order; the last one wrapped
LABELS = ["Case Number:", "Date Assigned:", "Date of Injury:", "Decision Date:", "UR Denial Date:", "Priority:",
          "Application Received:"]
TITLE = "HOW THE IMR FINAL DETERMINATION WAS MADE"
FIELD = re.compile("(" + "|".join(re.escape(l).replace(r"\ ", r"\s+") for l in LABELS) + r")\s+(\S+)")
PERMUTATIONS = 2


def fields(pdfbox_text):
    """The (label, value) pairs of a pdfbox header: each label followed by its value."""
    head = pdfbox_text[:pdfbox_text.index(TITLE)]
    return [(" ".join(label.split()), value) for label, value in FIELD.findall(head)]


def label_lines(label):
    return label.replace("Application Received:", "Application\nReceived:").split("\n")


def pdfbox_header(pairs):
    """Rows of two fields, label and value; every line followed by an empty line, a paragraph mark at the end."""
    lines = []
    for i in range(0, len(pairs), 2):
        row = []
        for label, value in pairs[i:i + 2]:
            parts = label_lines(label)
            row.extend(parts[:-1])
            if len(parts) > 1:                 # the wrapped label: its value on the line after its end
                lines.append(" ".join(row) + " ")
                row = [parts[-1], value]
            else:
                row.extend([parts[-1], value])
        lines.append(" ".join(row) + " ")
    return " \n\n" + "".join(l + "\n\n" for l in lines) + " \n\n"


def pdftotext_header(pairs):
    """Two columns: four labels, their values, then three labels and their values, a line each."""
    out = []
    for column in (pairs[:4], pairs[4:]):
        out.append("\n".join(l for label, _ in column for l in label_lines(label)) + "\n\n")
        out.append("\n".join(value for _, value in column) + "\n\n")
    return "".join(out)


def header_of(path):
    root = ET.parse(path).getroot()
    header = root.find("d:header", NS)
    return (dict(root.find("d:case", NS).attrib),
            [(f.get("name"), " ".join("".join(f.find("d:label", NS).itertext()).split()),
              f.find("d:value", NS).text) for f in header])


def main():
    imrc, tmp, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    shapes = {"pdfbox": pdfbox_header, "pdftotext": pdftotext_header}
    made = []
    for name in names:
        pairs = fields(open("tests/corpus/pdfbox/%s.txt" % name, encoding="utf-8").read())
        rng = random.Random(name)
        for shape, write in shapes.items():
            text = open("tests/corpus/%s/%s.txt" % (shape, name), encoding="utf-8").read()
            body = text[text.index(TITLE):]
            for k in range(PERMUTATIONS):
                order = list(pairs)
                while order == pairs:
                    rng.shuffle(order)
                path = os.path.join(tmp, "%s.%s.%d.txt" % (name, shape, k))
                open(path, "w", encoding="utf-8").write(write(order) + body)
                made.append((name, shape, path, [label for label, _ in order]))
    subprocess.run([imrc, "-q", "-d", os.path.join(tmp, "out")] + [p for _, _, p, _ in made]
                   + ["tests/corpus/%s/%s.txt" % (s, n) for n in names for s in shapes], capture_output=True)
    failed = 0
    for name, shape, path, order in made:
        out = lambda p: os.path.join(tmp, "out", os.path.relpath(p)[:-4] + ".xml") if not os.path.isabs(p) \
            else os.path.join(tmp, "out", os.path.basename(p)[:-4] + ".xml")
        try:
            want = header_of(out("tests/corpus/%s/%s.txt" % (shape, name)))
            got = header_of(out(path))
            problem = None if got == want and len(want[1]) == 7 else "got %r, want %r" % (got, want)
        except (OSError, ET.ParseError, AttributeError) as e:
            problem = "not compiled: %s" % e
        what = "header order %s %s (%s)" % (name, shape, ", ".join(order))
        if problem:
            failed += 1
            print("not ok %s: %s" % (what, problem[:400]))
        else:
            print("ok %s" % what)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
