#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares each corpus letter compiled from its pdftotext text (or, with --from-pdf, from its PDF) with the
same letter compiled from its pdfbox text, field by field. One line per letter.

usage: check_shapes.py [--from-pdf] PDFBOX_OUTDIR OTHER_OUTDIR NAME...
Equal: case, reviewer, patient, the header's fields (name, label, value, in order), the items' decisions, requests
and conclusions, and every citation's source.
Request texts and citation details (title, sections, pages) may differ only in the pdftotext letters of
HYPHEN_JOINED, where pdftotext joined a word broken by a hyphen at a line end and dropped the hyphen; read from
the PDF, where imrc keeps such a hyphen as PDFBox does, every letter must be equal in all of them.
"""
import os
import sys
import xml.etree.ElementTree as ET

NS = {"d": "urn:imrc:determination:1"}
D = "{urn:imrc:determination:1}"
HYPHEN_JOINED = {"CM17-0009996"}  # "Regulations-and-Guidance" became "Regulations-andGuidance"


def text(e):
    return " ".join("".join(e.itertext()).split()) if e is not None else None


def fields(path, details):
    root = ET.parse(path).getroot()
    out = {
        "case": dict(root.find("d:case", NS).attrib),
        "reviewer": [(e.tag, e.text, dict(e.attrib)) for e in root.find("d:reviewer", NS)],
        "patient": dict(root.find("d:patient", NS).attrib) if root.find("d:patient", NS) is not None else None,
        # the header is one structure whatever the extractor did to its columns (SPEC 5): a field per header
        # field, each its label and value, in a fixed order
        "header": [(e.tag.replace(D, ""), e.get("name"), text(e.find("d:label", NS)), text(e.find("d:value", NS)))
                   for e in root.find("d:header", NS)],
        "items": [],
    }
    for item in root.findall("d:items/d:item", NS):
        cites = [c for g in item.findall("d:guideline", NS) for c in g.iter(D + "citation")]
        out["items"].append({
            "decision": item.get("decision"),
            "conclusion": item.find("d:rationale", NS).get("conclusion"),
            "basis": [g.get("basis") for g in item.findall("d:guideline", NS)],
            "request": text(item.find("d:request", NS)) if details else None,
            "sources": [c.get("source") for c in cites],
            "citations": [(c.get("title"), c.get("year"), c.get("pages"), text(c)) for c in cites]
            if details else None,
        })
    return out


def main():
    args = sys.argv[1:]
    other = "pdf" if args[0] == "--from-pdf" else "pdftotext"
    if other == "pdf":
        args = args[1:]
    failed = 0
    for name in args[2:]:
        details = other == "pdf" or name not in HYPHEN_JOINED
        try:
            a = fields(os.path.join(args[0], name + ".xml"), details)
            b = fields(os.path.join(args[1], name + ".xml"), details)
            problem = None
            for key in a:
                if a[key] != b[key]:
                    problem = "%s: pdfbox %r, %s %r" % (key, a[key], other, b[key])
                    break
        except Exception as e:
            problem = str(e)
        if problem:
            failed += 1
            print("not ok shapes %s %s" % (name, problem[:600]))
        else:
            print("ok shapes %s: %s equals pdfbox%s" % (name, other, "" if details else " (hyphen joined)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
