#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the @page and @box that imrc gives items, requests, decisions and citations read from a PDF against the
words that pdftotext -bbox finds on the PDF's pages. One line per letter.

usage: check_boxes.py PDF_DIR XML_DIR NAME...
PDF_DIR/NAME.pdf is a PDF, XML_DIR/NAME.xml imrc's XML of it. Every item, request, decisionText and citation must
have @page and @box ("x0 y0 x1 y1", at most two decimals); its text (letters and digits only) must be found on that
page as a run of pdftotext's words, in their order, that holds all of it or runs to the end of the page (the rest
is on the next page); and the box around that run's words must be its @box, give or take 0.1 point on each
side; but where the element begins or ends inside a word (pdftotext's word "contrast:" holds the request's
"contrast" and the ": " before the decision), that side of the box may stop inside that word (x0 within the first
word, x1 within the last), never short of the run's other words. Where the text is found more than once on the
page ("Upheld"), one of the runs must fit. Where the element holds a hyphen at a line's end that pdftotext
drops (it joins the line to the next), x1 may reach past its words by a hyphen's width.
"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

D = "{urn:imrc:determination:1}"
ELEMENTS = (D + "item", D + "request", D + "decisionText", D + "citation")
BOX = re.compile(r"-?[0-9]+(\.[0-9]{1,2})?( -?[0-9]+(\.[0-9]{1,2})?){3}$")
TOLERANCE = 0.1
HYPHEN = 5.0      # the width of a hyphen at these letters' sizes (4 points at 12 points)


def letters(s):
    return "".join(c for c in s if c.isalnum())


def pages(pdf):
    """The words of each page, in pdftotext's order: (letters and digits, (x0, y0, x1, y1))."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out).replace(' xmlns="http://www.w3.org/1999/xhtml"', ""))
    result = []
    for page in root.iter("page"):
        words = []
        for w in page.iter("word"):
            key = letters(w.text or "")
            if key:
                words.append((key, tuple(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")), w.text))
        result.append(words)
    return result


def runs(words, text):
    """The runs of words that spell text (or its beginning, up to the end of the page), each as a list of words."""
    for i in range(len(words)):
        # the element may begin inside a word ("MTUS" in "CA-MTUS"): the word's end that begins text
        key = words[i][0]
        start = next((k for k in range(len(key)) if text.startswith(key[k:])), None)
        if start is None:
            continue
        got, j = key[start:], i + 1
        if got == text:
            yield words[i:j]
            continue
        while j < len(words) and text.startswith(got + words[j][0]):
            got += words[j][0]
            j += 1
            if got == text:
                break
        if got and (got == text or j == len(words)):
            yield words[i:j]


def union(boxes):
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def fits(box, run, raw):
    """Whether box is the box around the words of run, whose raw text may begin before raw or end after it."""
    want = union([w[1] for w in run])
    if abs(box[1] - want[1]) > TOLERANCE or abs(box[3] - want[3]) > TOLERANCE:
        return False
    first, last = run[0][1], run[-1][1]
    cut_start = not run[0][2].startswith(raw[:1])
    cut_end = not run[-1][2].endswith(raw[-1:])
    # the extremes of the words but the one cut (inf when there is none)
    others_x0 = min([w[1][0] for w in run[1:]] or [float("inf")])
    others_x1 = max([w[1][2] for w in run[:-1]] or [float("-inf")])
    lo = (min(others_x0, first[0]), min(others_x0, first[2])) if cut_start else (want[0], want[0])
    hi = (max(others_x1, last[0]), max(others_x1, last[2])) if cut_end else (want[2], want[2])
    if raw.count("-") > sum(w[2].count("-") for w in run):
        hi = (hi[0], hi[1] + HYPHEN)      # a hyphen at a line's end that pdftotext drops
    lo, hi = (lo[0] - TOLERANCE, lo[1] + TOLERANCE), (hi[0] - TOLERANCE, hi[1] + TOLERANCE)
    return lo[0] <= box[0] <= lo[1] and hi[0] <= box[2] <= hi[1]


def check(pdf_dir, xml_dir, name):
    words = pages("%s/%s.pdf" % (pdf_dir, name))
    count = 0
    for e in ET.parse("%s/%s.xml" % (xml_dir, name)).getroot().iter():
        if e.tag not in ELEMENTS:
            continue
        count += 1
        what = "%s %r" % (e.tag[len(D):], "".join(e.itertext())[:40])
        page, box = e.get("page"), e.get("box")
        if not page or not box or not BOX.match(box) or not 1 <= int(page) <= len(words):
            return "%s: page %r, box %r" % (what, page, box)
        box = [float(v) for v in box.split()]
        text = "".join(e.itertext())
        found = list(runs(words[int(page) - 1], letters(text)))
        if not found:
            return "%s: its text is not on page %s" % (what, page)
        raw = re.sub(r"\s", "", text)
        if not any(fits(box, run, raw) for run in found):
            return "%s: box %r, its words' on page %s: %r" % (what, box, page,
                                                              [union([w[1] for w in r]) for r in found[:3]])
    return None if count else "no item"


def main():
    failed = 0
    for name in sys.argv[3:]:
        try:
            problem = check(sys.argv[1], sys.argv[2], name)
        except Exception as e:  # a missing or unreadable file is a failure of this letter
            problem = str(e).splitlines()[0]
        if problem:
            failed += 1
            print("not ok boxes %s: %s" % (name, problem[:600]))
        else:
            print("ok boxes %s: pages and boxes of items, requests, decisions and citations as pdftotext's words" % name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
