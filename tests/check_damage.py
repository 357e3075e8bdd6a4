#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/check_damage.py IMRC TMPDIR KIND: layout damage generated over every corpus letter. Each damaged copy
(really damaged: it differs from the letter) must compile without a word and give the letter's header, case, and
items: each item's decision, request, and text, as the undamaged letter gives them. One line per letter.

KIND:
  letterhead      letterhead and cover lines before the first section ("MAXIMUS FEDERAL SERVICES, INC.", an
                  address, a date), in the letter's shape (tests/corpus/pdfbox, tests/corpus/pdftotext); they must
                  come out as the letterhead, as written
  sparse-marks    PDFBox text that kept its paragraph marks (a line holding a space) in a few places only: one,
                  or three, chosen by a seeded draw (tests/corpus/pdfbox and tests/corpus/pdfbox-cli)
  decision-alone  PDFBox text with each heading's decision alone on the line after its colon and a single
                  paragraph mark kept, the one after the intro sentence (tests/corpus/pdfbox)
  label-in-text   a line of the clinical case summary that begins with a header label ("Date Assigned: ...",
                  right after the section's title): text of the summary, not a case header (tests/corpus/pdfbox,
                  tests/corpus/pdftotext)
  modified-break  pdftotext text whose modified-request headings ("X was the original request. ...") break right
                  after that first sentence (tests/corpus/pdftotext; the letters that have such a heading)
"""
import os
import random
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = {"d": "urn:imrc:determination:1"}
D = "{urn:imrc:determination:1}"
LETTERHEAD = ["MAXIMUS FEDERAL SERVICES, INC.", "Independent Medical Review", "P.O. Box 138009",
              "Sacramento, CA 95813-8009", "Dated: 12/09/2016"]
MARK = " \n\n"                                  # a paragraph mark in the doubled-line shape


def words(e):
    return " ".join("".join(e.itertext()).split()) if e is not None else None


def summary(path):
    root = ET.parse(path).getroot()
    header = root.find("d:header", NS)
    return {
        "case": dict(root.find("d:case", NS).attrib) if root.find("d:case", NS) is not None else None,
        "header": [(f.get("name"), words(f)) for f in header] if header is not None else None,
        "items": [(i.get("decision"), words(i.find("d:request", NS)), words(i))
                  for i in root.findall("d:items/d:item", NS)],
    }


def letterhead(text, shape):
    if shape == "pdfbox":
        return " \n\n" + "".join(l + " \n\n" for l in LETTERHEAD) + text
    return "".join(l + "\n" for l in LETTERHEAD) + text


def drop_marks(text, keep, doubled):
    """The text with all but `keep` of its paragraph marks (chosen by index) taken out."""
    mark = re.compile(r"(?m)^ \n\n" if doubled else r"(?m)^ \n")
    found = list(mark.finditer(text))
    out, at = [], 0
    for k, m in enumerate(found):
        out.append(text[at:m.start()])
        if k in keep:
            out.append(m.group(0))
        at = m.end()
    out.append(text[at:])
    return "".join(out), len(found)


def decision_alone(text):
    """Each ': Upheld' (or Overturned) that ends a heading line becomes ':' and the word alone on the next line;
    only the paragraph mark after the intro sentence stays."""
    text = re.sub(r"(?m)^(.*\S):[ \t]*(Upheld|Overturned)[ \t]*\n\n", r"\1: \n\n\2 \n\n", text)
    marks = list(re.finditer(r"(?m)^ \n\n", text))
    intro = text.index("IMR ISSUES, DECISIONS AND RATIONALES")
    keep = {k for k, m in enumerate(marks) if m.start() > intro}
    return drop_marks(text, {min(keep)} if keep else set(), True)[0]


def label_in_text(text, shape):
    title = "CLINICAL CASE SUMMARY"
    end = text.index("\n", text.index(title)) + 1
    line = "Date Assigned: 01/02/2015 Priority: as the employer reported it. "   # not the injury's: that warns
    return text[:end] + (("\n" + line + "\n") if shape == "pdfbox" else line + "\n") + text[end:]


def modified_break(text):
    """Modified-request headings ("X was the original request. Y was authorized ...: Upheld", before the claims
    administrator's label) rewrapped so that a line ends right after their first sentence."""
    lines = text.split("\n")
    phrase = " was the original request."
    for j in range(len(lines) - 1, 0, -1):
        if not (re.search(r":\s*(Upheld|Overturned)\s*$", lines[j])
                and lines[j + 1].startswith("Claims Administrator guideline:")):
            continue
        for i in range(j, max(j - 6, 0), -1):
            block = " ".join(l.strip() for l in lines[i:j + 1])
            cut = block.find(phrase)
            if cut > 0 and ". " not in block[:cut] and lines[i - 1].rstrip().endswith((".", ":")):
                first, rest, wrapped = block[:cut + len(phrase)], block[cut + len(phrase) + 1:].split(" "), [""]
                for w in rest:
                    if wrapped[-1] and len(wrapped[-1]) + 1 + len(w) > 95:
                        wrapped.append(w)
                    else:
                        wrapped[-1] = (wrapped[-1] + " " + w).strip()
                lines[i:j + 1] = [first] + wrapped
                break
    return "\n".join(lines)


def main():
    imrc, tmp, kind = sys.argv[1], sys.argv[2], sys.argv[3]
    names = sorted(n[:-4] for n in os.listdir("tests/corpus/pdftotext"))
    cases = []                         # (label, original, damaged path)
    for name in names:
        rng = random.Random(kind + name)
        variants = []
        if kind == "letterhead":
            for shape in ("pdfbox", "pdftotext"):
                variants.append((shape, shape, lambda t, s=shape: letterhead(t, s)))
        elif kind == "sparse-marks":
            for shape, doubled in (("pdfbox", True), ("pdfbox-cli", False)):
                for keep in (1, 3):
                    def damage(t, doubled=doubled, keep=keep):
                        count = drop_marks(t, set(), doubled)[1]
                        return drop_marks(t, set(rng.sample(range(count), min(keep, count))), doubled)[0]
                    variants.append(("%s, %d kept" % (shape, keep), shape, damage))
        elif kind == "decision-alone":
            variants.append(("pdfbox", "pdfbox", decision_alone))
        elif kind == "label-in-text":
            for shape in ("pdfbox", "pdftotext"):
                variants.append((shape, shape, lambda t, s=shape: label_in_text(t, s)))
        elif kind == "modified-break":
            variants.append(("pdftotext", "pdftotext", modified_break))
        for label, shape, damage in variants:
            original = "tests/corpus/%s/%s.txt" % (shape, name)
            text = open(original, encoding="utf-8").read()
            damaged = damage(text)
            if damaged == text:
                continue
            path = os.path.join(tmp, "%s.%s.txt" % (name, re.sub(r"\W+", "-", label)))
            open(path, "w", encoding="utf-8").write(damaged)
            cases.append(("%s %s (%s)" % (kind, name, label), original, path))
    failed = 0
    for label, original, path in cases:
        outs = []
        for p in (original, path):
            out = os.path.join(tmp, os.path.basename(p) + ("" if p == path else ".orig") + ".xml")
            run = subprocess.run([imrc, p, "-o", out], capture_output=True, text=True)
            outs.append((run, out))
        (orig_run, orig_out), (run, out) = outs
        problem = None
        if run.returncode != 0 or run.stderr:
            problem = "exit %d: %s" % (run.returncode, run.stderr.strip()[:300])
        else:
            want, got = summary(orig_out), summary(out)
            if want != got:
                key = next(k for k in want if want[k] != got[k])
                problem = "%s differs: %r, damaged %r" % (key, want[key], got[key])
            elif kind == "letterhead":
                head = ET.parse(out).getroot().find("d:letterhead", NS)
                if words(head) != " ".join(LETTERHEAD):
                    problem = "letterhead %r" % words(head)
        if problem:
            failed += 1
            print("not ok layout damage: %s: %s" % (label, problem[:500]))
        else:
            print("ok layout damage: %s" % label)
    if not cases:
        print("not ok layout damage: %s: no letter damaged" % kind)
        failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
