#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/check_partial.py IMRC XSD JSON-SCHEMA TMPDIR LETTER...: --partial over damaged copies of every LETTER.

Each letter is damaged four ways, each copy made here from the letter's text (the damage must change it):
  title     a section title no longer reads as one (the summary's, or for every other letter the items')
  decision  the decision word of the middle item's heading replaced by "Denied"
  cut       the letter cut off in its last item, right before that item's "MAXIMUS guideline:"
  garbage   garbage lines, one of them a section title, in the MAXIMUS guideline of the middle item
Then, printing one line per check, "ok ..." or "not ok ...":
  - with --partial (one batch, -d, --report): every copy gives a document whose root is partialDetermination
    with status="partial", that the in-process validator passed (the report says partial, not internal-error)
    and that xmllint --schema validates; the batch exits 1;
  - the text backend (-t text --partial) gives back every character of the copy but its layout, in order;
  - every item of the undamaged letter before the damaged one is in the partial document, unchanged, and every
    item there is the undamaged letter's item of the same number;
  - without --partial every copy is rejected with no output, with exactly the diagnostics of the --partial run;
  - -t jsonl --partial gives a line for every copy, each with "status": "partial", valid against the JSON Schema;
  - every undamaged letter gives the same bytes with --partial as without.
"""
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema

NS = "{urn:imrc:determination:1}"
DECISION = re.compile(r"(Upheld|Overturned)[ \t]*\n\s*Claims Administrator guideline:")


def report(ok, what, why=""):
    print(("ok " if ok else "not ok ") + what + ("" if ok or not why else ": " + why))


def doubled(text):
    """Whether the text is PDFBox's: each line followed by an empty line."""
    lines = text.split("\n")[:200]
    return sum(1 for i in range(1, len(lines), 2) if lines[i].strip() == "") > 0.8 * (len(lines) // 2)


def damages(index, text):
    """{kind: (damaged text, the number of items before the damaged one)} for one letter's text."""
    out = {}
    decisions = list(DECISION.finditer(text))
    n = len(decisions)
    if index % 2 == 0:
        out["title"] = (text.replace("CLINICAL CASE SUMMARY", "CLINICAL CASE SUMARY", 1), 0)
    else:
        out["title"] = (text.replace("IMR ISSUES, DECISIONS AND RATIONALES", "IMR ISSUES DECISIONS AND RATIONALES", 1), 0)
    if not n:
        return out
    middle = decisions[(n - 1) // 2]
    out["decision"] = (text[:middle.start(1)] + "Denied" + text[middle.end(1):], (n - 1) // 2)
    last = decisions[-1]
    imro = text.find("MAXIMUS guideline:", last.end())
    if imro > 0:
        out["cut"] = (text[:imro], n - 1)
    imro = text.find("MAXIMUS guideline:", middle.end())
    if imro > 0:
        end = text.index("\n", imro) + 1
        gap = "\n" if doubled(text) else ""
        garbage = "".join(line + "\n" + gap for line in
                          ["#### %%%% ~~~~ garbage &&& <<>> ####", "CLINICAL CASE SUMMARY", "@@@@ 0x1F 0xFF @@@@"])
        out["garbage"] = (text[:end] + gap + garbage + text[end:], (n - 1) // 2)
    return out


def run(args):
    return subprocess.run(args, capture_output=True, text=True, errors="replace")


def items_by_number(path):
    root = ET.parse(path).getroot()
    return root, {int(item.get("number")): ET.tostring(item) for item in root.iter(NS + "item")}


SECTIONS = ("HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY", "IMR ISSUES, DECISIONS AND RATIONALES")


def kept(original, given):
    """Whether given (the text backend's) holds every character of original but its layout, in order after the
    first section title the copy still has, and before it as a multiset of words: the case header is a set of
    fields, which imrc gives in a fixed order whatever the extractor's (as tests/check_kept.py)."""
    title = next((t for t in SECTIONS if t in original and t in given), None)
    cut_o = original.find(title) if title else 0
    cut_g = given.find(title) if title else 0
    words = lambda s: sorted(w for w in re.split(r"[ \t\n\r\f\v]+", s) if w)
    bare = lambda s: re.sub(r"[ \t\n\r\f\v]+", "", s)
    return words(original[:cut_o]) == words(given[:cut_g]) and bare(original[cut_o:]) == bare(given[cut_g:])


def main():
    imrc, xsd, json_schema, tmp, letters = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    copies, before = [], {}
    os.makedirs(os.path.join(tmp, "in"), exist_ok=True)
    for index, letter in enumerate(letters):
        text = open(letter, encoding="utf-8", newline="").read()
        made = damages(index, text)
        for kind in ("title", "decision", "cut", "garbage"):
            damaged = made.get(kind)
            if not damaged or damaged[0] == text:
                report(False, f"partial damage {kind} applies to {letter}")
                continue
            name = os.path.join(tmp, "in", f"{index:03d}-{kind}.txt")
            with open(name, "w", encoding="utf-8", newline="") as f:
                f.write(damaged[0])
            copies.append(name)
            before[name] = (letter, damaged[1])

    out, text_out, rejected = (os.path.join(tmp, d) for d in ("xml", "text", "rejected"))
    partial = run([imrc, "-q", "--partial", "-d", out, "--report", os.path.join(tmp, "report.csv")] + copies)
    report(partial.returncode == 1, "partial batch of damaged letters exits 1", f"exit {partial.returncode}")
    statuses = {}
    for line in open(os.path.join(tmp, "report.csv"), encoding="utf-8").read().splitlines()[1:]:
        statuses[line.split(",")[0]] = line.split(",")[1]
    plain = run([imrc, "-q", "-d", rejected] + copies)
    report(plain.returncode == 1 and partial.stderr == plain.stderr and partial.stderr.count(": error: ") >= len(copies),
           "partial: the diagnostics of the damaged letters are the same without --partial",
           f"exit {plain.returncode}; {len(partial.stderr)} and {len(plain.stderr)} bytes")
    texts = run([imrc, "-q", "--partial", "-t", "text", "-d", text_out] + copies)
    clean = run([imrc, "-q", "-d", os.path.join(tmp, "clean")] + letters)
    clean_partial = run([imrc, "-q", "--partial", "-d", os.path.join(tmp, "clean-partial")] + letters)
    report(clean.returncode == 0 and clean_partial.returncode == 0, "partial: the undamaged letters compile")

    def output(folder, path, ext):
        return os.path.join(folder, os.path.splitext(path.lstrip("/"))[0] + "." + ext) if not os.path.isabs(path) \
            else os.path.join(folder, os.path.splitext(os.path.basename(path))[0] + "." + ext)

    xmls = [output(out, c, "xml") for c in copies]
    lint = run(["xmllint", "--noout", "--schema", xsd] + [x for x in xmls if os.path.exists(x)])
    valid = {line.rsplit(" ", 1)[0] for line in lint.stderr.splitlines() if line.endswith(" validates")}
    for copy, xml in zip(copies, xmls):
        letter, count = before[copy]
        what = f"{os.path.basename(copy)} ({letter})"
        if statuses.get(copy) != "partial" or not os.path.exists(xml):
            report(False, f"partial document of {what}", f"report says {statuses.get(copy)}")
            continue
        root, items = items_by_number(xml)
        report(root.tag == NS + "partialDetermination" and root.get("status") == "partial" and xml in valid,
               f"partial document of {what}: partialDetermination, valid (in-process and xmllint)")
        original = open(copy, encoding="utf-8", newline="").read()
        given = open(output(text_out, copy, "txt"), encoding="utf-8").read()
        report(kept(original, given), f"partial text of {what} gives back every character in order")
        _, clean_items = items_by_number(output(os.path.join(tmp, "clean"), letter, "xml"))
        changed = [n for n, item in items.items() if clean_items.get(n) != item]
        missing = [n for n in range(1, count + 1) if n not in items]
        report(not changed and not missing, f"partial items of {what}: the {count} before the damage and every other "
               f"one read are the letter's", f"changed {changed}, missing {missing}")
        report(not os.path.exists(output(rejected, copy, "xml")), f"partial: without --partial {what} has no output")
    report(texts.returncode == 1, "partial text batch exits 1")
    lines = run([imrc, "-q", "--partial", "-t", "jsonl"] + copies)
    validator = jsonschema.Draft202012Validator(json.load(open(json_schema, encoding="utf-8")))
    documents = [json.loads(line) for line in lines.stdout.splitlines()]
    errors = [f"{i + 1}: {e.message}" for i, d in enumerate(documents) for e in validator.iter_errors(d)]
    report(lines.returncode == 1 and len(documents) == len(copies) and not errors
           and all(d.get("status") == "partial" for d in documents),
           f"partial JSON Lines: {len(copies)} documents with status partial, valid against the JSON Schema",
           f"{len(documents)} documents; " + "; ".join(errors[:3]))
    same = run(["diff", "-r", os.path.join(tmp, "clean"), os.path.join(tmp, "clean-partial")])
    report(same.returncode == 0, f"partial: {len(letters)} complete letters give the same bytes with --partial",
           same.stdout[:300])


main()
