#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the indexed fields of compiled letters against what the letters say. One line per check.

usage: check_fields.py OUTDIR SEEDDIR CORPUSDIR
OUTDIR holds NAME.xml for every seed (NAME = the seed's file name without .txt) and corpus letter.
  - the five seeds give exactly the values of the table in issue 3;
  - every corpus letter's case attributes equal its header's values, its licensure the credentials block's
    states and its specialties the block's list, all read here from the letter text with plain regular
    expressions, never from imrc.
"""
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {"d": "urn:imrc:determination:1"}
STATES = {"Arizona": "AZ", "California": "CA", "Georgia": "GA", "Texas": "TX", "North Carolina": "NC",
          "New York": "NY", "New Jersey": "NJ", "Florida": "FL", "Ohio": "OH", "West Virginia": "WV",
          "Iowa": "IA", "Montana": "MT", "South Carolina": "SC", "Washington": "WA", "Virginia": "VA",
          "Missouri": "MO", "Mississippi": "MS", "Utah": "UT", "Pennsylvania": "PA", "Illinois": "IL",
          "Michigan": "MI", "New Mexico": "NM", "Oklahoma": "OK", "Oregon": "OR", "Wyoming": "WY",
          "Massachusetts": "MA", "New Hampshire": "NH", "Maryland": "MD", "Kansas": "KS", "Colorado": "CO"}

SEEDS = {  # seed: (age, sex, injured, licensure, specialties, subspecialties, decisions, pages included)
    "000": ("46", "male", "2014-11-03", ["AZ", "CA"], ["Family Practice"], [], ["upheld"], ["299", "98-99"]),
    "001": ("43", "female", "2009-02-23", ["CA"], ["Physical Medicine and Rehabilitation"],
            ["Interventional Spine"], ["upheld"], ["98-99"]),
    "002": ("45", "female", "2007-05-03", ["GA", "CA", "TX"], ["Preventive Medicine", "Occupational Medicine"], [],
            ["upheld", "upheld"], ["98-99", "122"]),
    "003": ("36", "female", "2010-01-23", ["CA"], ["Occupational Medicine"], [], ["upheld", "upheld"],
            ["98-99", "114", "60"]),
    "004": ("48", "male", "2010-10-06", ["CA"], ["Occupational Medicine"], [], ["upheld"] * 3, ["98-99"]),
}

failed = 0


def check(name, got, want):
    global failed
    if got == want:
        print("ok %s" % name)
    else:
        failed += 1
        print("not ok %s: got %r, the letter says %r" % (name, got, want))


def iso(us):
    m, d, y = us.split("/")
    return "%s-%s-%s" % (y, m, d)


def seeds(outdir, seeddir):
    for path in sorted(glob.glob(os.path.join(seeddir, "*.txt"))):
        name = os.path.basename(path)[:-4]
        age, sex, injured, states, specs, subs, decisions, pages = SEEDS[name[:3]]
        root = ET.parse(os.path.join(outdir, name + ".xml")).getroot()
        patient = root.find("d:patient", NS)
        check("seed %s patient" % name[:3], (patient.get("age"), patient.get("sex"), patient.get("injured")),
              (age, sex, injured))
        check("seed %s licensure" % name[:3], [e.get("state") for e in root.findall("d:reviewer/d:licensure", NS)],
              states)
        check("seed %s specialty" % name[:3], [e.text for e in root.findall("d:reviewer/d:specialty", NS)], specs)
        check("seed %s subspecialty" % name[:3],
              [e.text for e in root.findall("d:reviewer/d:subspecialty", NS)], subs)
        check("seed %s decisions" % name[:3], [e.get("decision") for e in root.findall("d:items/d:item", NS)],
              decisions)
        cited = [c.get("pages") for c in root.iter("{%s}citation" % NS["d"]) if c.get("pages")]
        check("seed %s citation pages include %s" % (name[:3], ", ".join(pages)),
              [p for p in pages if p not in cited], [])


def squeezed(path):
    """The letter's non-blank lines, stripped (form feeds too), joined by newlines: both shapes alike."""
    return "\n".join(l.strip() for l in open(path, encoding="utf-8").read().split("\n") if l.strip())


def read_header(text):
    """What the case header and credentials block of a squeezed letter say: the case attributes (injured
    included), the licensure names and the specialties, each in the letter's order."""
    dates = re.findall(r"\d\d/\d\d/\d{4}", text[:text.index("HOW THE IMR")])
    header = {
        "number": re.search(r"Case Number:\s*(CM\d\d-\d{7})", text).group(1),
        "assigned": iso(re.search(r"Date Assigned:\s*(\S+)", text).group(1)),
        "injured": iso(re.search(r"Date of Injury:\s*(\S+)", text).group(1)),
        "decided": iso(re.search(r"Decision Date:\s*(\S+)", text).group(1)),
        "urDenied": iso(re.search(r"UR Denial Date:\s*(\S+)", text).group(1)),
        "received": iso(dates[-1]),
        "priority": re.search(r"Priority:\s*(\w+)", text).group(1).lower(),
    }
    states = re.search(r"State\(s\) of Licensure:\s*(.*)", text).group(1)
    names = [s.strip() for s in states.split(",") if s.strip()]
    block = re.search(r"Certification\(s\)/Specialty:\s*(.*?)\n(CLINICAL CASE SUMMARY)", text, re.S).group(1)
    specs = [s.strip() for s in block.replace("\n", " ").split(",") if s.strip()]
    return header, names, specs


def corpus(outdir, corpusdir):
    for path in sorted(glob.glob(os.path.join(corpusdir, "*.txt"))):
        name = os.path.basename(path)[:-4]
        header, names, specs = read_header(squeezed(path))
        root = ET.parse(os.path.join(outdir, name + ".xml")).getroot()
        case = root.find("d:case", NS)
        got = {k: case.get(k) for k in header if k != "injured"}
        got["injured"] = root.find("d:patient", NS).get("injured")
        check("corpus %s case header" % name, got, header)
        check("corpus %s licensure" % name,
              [(e.text, e.get("state")) for e in root.findall("d:reviewer/d:licensure", NS)],
              [(n, STATES.get(n)) for n in names])
        check("corpus %s specialty" % name, [e.text for e in root.findall("d:reviewer/d:specialty", NS)], specs)


def main():
    seeds(sys.argv[1], sys.argv[2])
    corpus(sys.argv[1], sys.argv[3])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
