#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks what imrc read from each corpus PDF against what other tools read from it. One line per letter.

usage: check_pdf.py CORPUS PDF_OUTDIR TEXT_OUTDIR PDFTOTEXT_OUTDIR NAME...
CORPUS holds pdf/NAME.pdf, pdftotext/NAME.txt and pdfbox/NAME.txt; PDF_OUTDIR/NAME.xml is imrc's XML of the PDF,
TEXT_OUTDIR/NAME.txt its -t text, PDFTOTEXT_OUTDIR/NAME.xml its XML of the pdftotext text. For every letter:
  - source: @shape pdf, no @encoding, @sha256 that of the PDF's bytes (hashlib), @pageCount pdfinfo's Pages;
  - the text: a form feed ending each of those pages; its characters but blanks, in order, pdftotext's but for
    hyphens (pdftotext drops some at line ends, imrc keeps them); the same characters, hyphens included, as
    PDFBox's text (in another order: PDFBox reads the case header row by row);
  - pages: every item and citation on the page that pdftotext's form feeds put it on (its XML's @page).
"""
import hashlib
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {"d": "urn:imrc:determination:1"}
D = "{urn:imrc:determination:1}"
BLANKS = re.compile(r"[ \t\r\n\f]")


def pages(path):
    root = ET.parse(path).getroot()
    return [(e.tag[len(D):], e.get("page")) for e in root.iter() if e.tag in (D + "item", D + "citation")]


def check(corpus, pdf_out, text_out, pdftotext_out, name):
    pdf = os.path.join(corpus, "pdf", name + ".pdf")
    source = ET.parse(os.path.join(pdf_out, name + ".xml")).getroot().find("d:source", NS)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    page_count = re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1)
    with open(pdf, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    got = (source.get("shape"), source.get("encoding"), source.get("sha256"), source.get("pageCount"))
    if got != ("pdf", None, sha256, page_count):
        return "source %r, expected %r" % (got, ("pdf", None, sha256, page_count))
    with open(os.path.join(text_out, name + ".txt"), encoding="utf-8") as f:
        text = f.read()
    if text.count("\f") != int(page_count) or not text.endswith("\f"):
        return "%d form feeds, not one ending each of %s pages" % (text.count("\f"), page_count)
    with open(os.path.join(corpus, "pdftotext", name + ".txt"), encoding="utf-8") as f:
        pdftotext = f.read()
    if BLANKS.sub("", text).replace("-", "") != BLANKS.sub("", pdftotext).replace("-", ""):
        return "the text's characters are not pdftotext's"
    with open(os.path.join(corpus, "pdfbox", name + ".txt"), encoding="utf-8") as f:
        pdfbox = f.read()
    if sorted(BLANKS.sub("", text)) != sorted(BLANKS.sub("", pdfbox)):
        return "the text's characters are not PDFBox's"
    want = pages(os.path.join(pdftotext_out, name + ".xml"))
    got_pages = pages(os.path.join(pdf_out, name + ".xml"))
    if got_pages != want or any(p is None for _, p in want):
        return "pages %r, pdftotext's %r" % (got_pages, want)
    return None


def main():
    failed = 0
    for name in sys.argv[5:]:
        try:
            problem = check(*sys.argv[1:5], name)
        except Exception as e:  # a missing or unreadable file is a failure of this letter
            problem = str(e).splitlines()[0]
        if problem:
            failed += 1
            print("not ok pdf %s: %s" % (name, problem[:600]))
        else:
            print("ok pdf %s: source, text and pages as pdfinfo, pdftotext and PDFBox read it" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
