#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the paragraphs imrc reads from each corpus PDF against those of the letter's PDFBox text. One line per
letter.

usage: check_paragraphs.py PDF_OUTDIR PDFBOX_OUTDIR NAME...
PDF_OUTDIR/NAME.xml is imrc's XML of the PDF, PDFBOX_OUTDIR/NAME.xml its XML of the PDFBox text (which marks
paragraphs with a line holding a space). The summary's paragraphs (summary/p) must be as many and, paragraph by
paragraph, hold the same characters but blanks and hyphens (poppler drops some hyphens at line ends); so must the
paragraphs of every rationale, and every section and item has as many paragraphs in both.
"""
import re
import sys
import xml.etree.ElementTree as ET

D = "{urn:imrc:determination:1}"
DROPPED = re.compile(r"[\s\-]")


def paragraphs(path):
    """(where, characters) of every p element under summary, howMade, guideline and rationale, in order."""
    root = ET.parse(path).getroot()
    out = []
    for parent in root.iter():
        tag = parent.tag[len(D):]
        if tag in ("howMade", "summary", "guideline", "rationale"):
            for p in parent.findall(D + "p"):
                out.append((tag, DROPPED.sub("", "".join(p.itertext()))))
    return out


def main():
    pdf_out, pdfbox_out = sys.argv[1:3]
    failed = 0
    for name in sys.argv[3:]:
        try:
            got = paragraphs("%s/%s.xml" % (pdf_out, name))
            want = paragraphs("%s/%s.xml" % (pdfbox_out, name))
            problem = None
            if [w for w, _ in got] != [w for w, _ in want]:
                problem = "paragraphs %r, PDFBox's %r" % ([w for w, _ in got], [w for w, _ in want])
            else:
                for (where, g), (_, w) in zip(got, want):
                    if g != w:
                        problem = "a %s paragraph %r..., PDFBox's %r..." % (where, g[:60], w[:60])
                        break
        except Exception as e:  # a missing or unreadable file is a failure of this letter
            problem = str(e).splitlines()[0]
        if problem:
            failed += 1
            print("not ok paragraphs %s: %s" % (name, problem[:600]))
        else:
            print("ok paragraphs %s: the PDF's paragraphs are its PDFBox text's" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
