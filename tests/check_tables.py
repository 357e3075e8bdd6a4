#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the three CSV tables (--table=items, citations, letters) against the letters, one line per check.

usage: check_tables.py IMRC TMPDIR SEEDDIR PDFBOXDIR PDFTOTEXTDIR
Runs IMRC over the seeds and the corpus (one table for the batch, and -d: a file per letter) and reads every
table with Python's csv module. The expectations come from the letter texts alone, by plain regular expressions,
never from imrc:
  - every table has its documented header; the items table keeps the columns of its first version first;
  - -d writes, letter by letter, the header and the rows of the one table;
  - letters: the case header's values, the credentials block's specialties and states, one item per
    "Claims Administrator guideline:" label, upheld and overturned counted from the words that end the headings,
    and the outcome they make;
  - items: those decisions in order, the header's dates and priority on every row, and the page each item's
    heading begins on (pdftotext: one page per form feed; PDFBox text has no pages, so no page);
  - citations: in each guideline, one MTUS citation per year in a "Decision based on MTUS" phrase, with the
    title written before that year and the sections written after it; one or more citations per other
    "Decision based on" phrase, ODG when it names ODG, ACOEM when it names ACOEM, other otherwise; sections
    and guideline pages as written; the page (pdftotext) between where the citation's text begins and ends;
    the items table's citation sources the same citations;
  - exact rows, read by hand, of CM16-0213037 (both shapes), CM16-0230548 and seed 000 (no case header);
  - every citation of the corpus's guidelines, both shapes, as tests/citations.tsv has it (read by hand), and
    the rationale references of the letters whose rationales it holds;
  - rationale references: no more of an item's than the guideline names its rationale writes, and one at least
    where it writes one; the items table's columns of each part's citation sources.
"""
import csv
import io
import os
import re
import subprocess
import sys
from collections import defaultdict

sys.dont_write_bytecode = True          # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_fields import STATES, read_header, squeezed  # noqa: E402
from check_letters import expected_decisions  # noqa: E402

HEADERS = {
    "items": ["file", "case", "decided", "specialties", "licensure", "age", "sex", "injured", "item", "request",
              "decision", "conclusion", "citation_sources", "citation_pages", "page", "assigned", "ur_denied",
              "received", "priority", "ca_citation_sources", "imro_citation_sources", "rationale_citation_sources",
              "reviewed_request", "category", "subcategory", "generics"],
    "citations": ["file", "case", "item", "by", "source", "title", "chapter", "sections", "guideline_pages",
                  "page"],
    "letters": ["file", "case", "assigned", "decided", "ur_denied", "received", "priority", "specialties",
                "licensure", "outcome", "items", "upheld", "overturned", "diagnoses"],
}
# The items table as imrc first wrote it: scripts that read it by position must go on working.
FIRST_ITEMS_HEADER = "file,case,decided,specialties,licensure,age,sex,injured,item,request,decision,conclusion," \
                     "citation_sources,citation_pages".split(",")
YEAR = re.compile(r"(?<![/\d])(?:19|20)\d\d\b")
GUIDELINE = re.compile(r"^\f*(Claims Administrator guideline:|MAXIMUS guideline:)(.*?)"
                       r"(?=^\f*(?:MAXIMUS guideline:|Decision rationale:))", re.M | re.S)
# The first words of SPEC section 6's ODG chapters as letters write them ("Hips", "Lower Back", "Hand"), to count
# the chapters a phrase may name: an upper bound, as "Pain" also stands in topics.
CHAPTER_WORDS = re.compile(r"\b(?:Ankle|Carpal|Elbow|Forearm|Hand|Head|Hips?|Knee|Low(?:er)?\s+[Bb]ack|Mental|Neck|Pain"
                           r"|Shoulder|Traumatic|Eye|Hernia|Pulmonary|Burns)\b")
# The rationale of each item, and the names of guidelines a rationale can give outside quotation marks.
RATIONALE = re.compile(r"^\f*Decision rationale:(.*?)(?=^\f*(?:Claims Administrator guideline:|Fee Schedule:)|\Z)",
                       re.M | re.S)
GUIDELINE_NAMES = re.compile(r"\b(?:MTUS|ACOEM|ODG|Official\s+Disability\s+Guidelines|American\s+College\s+of\s+"
                             r"Occupational\s+and\s+Environmental\s+Medicine|Medical\s+Treatment\s+Utilization"
                             r"|CPMTG|(?i:(?:Chronic\s+Pain(?:\s+Medical)?|Acupuncture\s+Medical|Postsurgical|Opioids?)"
                             r"\s+Treatment\s+Guidelines))\b")
OTHER_GUIDELINES = re.compile(r"Other\s+Medical\s+Treatment\s+Guidelines")
PHRASE = re.compile(r"Decision\s+based\s+on\s+(.*?)(?=Decision\s+based\s+on|\Z)", re.S)

# Read by hand from the letters; "?" marks a cell not checked here.
BY_HAND = {
    ("items", "pdfbox/CM16-0230548"): """\
CM16-0230548,2017-01-04,Preventive Medicine; Occupational Medicine,TX,60,male,2016-11-01,1,MRI of neck and right hand without contrast,upheld,not-medically-necessary,MTUS; MTUS; ODG; MTUS; MTUS,; ; ; ; ,,2016-12-06,2016-12-01,2016-12-01,standard,MTUS; MTUS; ODG,MTUS; MTUS,MTUS; MTUS,MRI of neck and right hand without contrast,imaging,,
CM16-0230548,2017-01-04,Preventive Medicine; Occupational Medicine,TX,60,male,2016-11-01,2,"Acupuncture 3 times a week for 2 weeks, neck, right hand and head",overturned,medically-necessary,MTUS; MTUS,; ,,2016-12-06,2016-12-01,2016-12-01,standard,MTUS,MTUS,MTUS,"Acupuncture 3 times a week for 2 weeks, neck, right hand and head",acupuncture,,
""",
    ("items", "pdftotext/CM16-0213037"): """\
CM16-0213037,2016-12-09,Family Practice,CA; NC,48,male,2016-10-13,1,MRI of the right shoulder without contrast,upheld,not-medically-necessary,MTUS; MTUS,; ,2,2016-11-09,2016-11-03,2016-11-03,standard,MTUS,MTUS,MTUS,MRI of the right shoulder without contrast,imaging,,
CM16-0213037,2016-12-09,Family Practice,CA; NC,48,male,2016-10-13,2,MRI of the cervical spine without contrast,upheld,not-medically-necessary,MTUS; MTUS,; ,2,2016-11-09,2016-11-03,2016-11-03,standard,MTUS,MTUS,MTUS,MRI of the cervical spine without contrast,imaging,,
""",
    ("items", "seeds/000_1161a8377c1652dd"): """\
,,Family Practice,AZ; CA,46,male,2014-11-03,1,"Physiotherapy 12 sessions, 3 x 4, Lumbar Spine",upheld,not-medically-necessary,MTUS; MTUS; MTUS,; 299; 98-99,,,,,,MTUS,MTUS; MTUS,MTUS; ACOEM,"Physiotherapy 12 sessions, 3 x 4, Lumbar Spine",physical-therapy,,
""",
    ("citations", "pdfbox/CM16-0230548"): """\
CM16-0230548,1,claims-administrator,MTUS,Neck and Upper Back Complaints,,Special Studies,,
CM16-0230548,1,claims-administrator,MTUS,"Forearm, Wrist, and Hand Complaints",,,,
CM16-0230548,1,claims-administrator,ODG,,"Forearm, Wrist and Hand",MRI's (magnetic resonance imaging),,
CM16-0230548,1,imro,MTUS,Neck and Upper Back Complaints,,Special Studies,,
CM16-0230548,1,imro,MTUS,"Forearm, Wrist, and Hand Complaints",,Special Studies,,
CM16-0230548,1,rationale,MTUS,,,,,
CM16-0230548,1,rationale,MTUS,,,,,
CM16-0230548,2,claims-administrator,MTUS,Acupuncture Treatment,,,,
CM16-0230548,2,imro,MTUS,Acupuncture Treatment,,,,
CM16-0230548,2,rationale,MTUS,Acupuncture Guidelines,,,,
""",
    ("citations", "pdftotext/CM16-0230548"): """\
CM16-0230548,1,claims-administrator,MTUS,Neck and Upper Back Complaints,,Special Studies,,2
CM16-0230548,1,claims-administrator,MTUS,"Forearm, Wrist, and Hand Complaints",,,,2
CM16-0230548,1,claims-administrator,ODG,,"Forearm, Wrist and Hand",MRI's (magnetic resonance imaging),,2
CM16-0230548,1,imro,MTUS,Neck and Upper Back Complaints,,Special Studies,,2
CM16-0230548,1,imro,MTUS,"Forearm, Wrist, and Hand Complaints",,Special Studies,,2
CM16-0230548,1,rationale,MTUS,,,,,2
CM16-0230548,1,rationale,MTUS,,,,,2
CM16-0230548,2,claims-administrator,MTUS,Acupuncture Treatment,,,,2
CM16-0230548,2,imro,MTUS,Acupuncture Treatment,,,,2
CM16-0230548,2,rationale,MTUS,Acupuncture Guidelines,,,,2
""",
    ("citations", "pdftotext/CM16-0213037"): """\
CM16-0213037,1,claims-administrator,MTUS,Shoulder Complaints,,,,2
CM16-0213037,1,imro,MTUS,Shoulder Complaints,,Special Studies,,2
CM16-0213037,1,rationale,MTUS,,,,,2
CM16-0213037,2,claims-administrator,MTUS,Neck and Upper Back Complaints,,,,2
CM16-0213037,2,imro,MTUS,Neck and Upper Back Complaints,,Special Studies,,2
CM16-0213037,2,rationale,MTUS,,,,,2
""",
    ("citations", "seeds/000_1161a8377c1652dd"): """\
,1,claims-administrator,MTUS,Chronic Pain Treatment Guidelines,,Physical Medicine,,
,1,imro,MTUS,Low Back Complaints,12,,299,
,1,imro,MTUS,Chronic Pain Treatment Guidelines,,physical medicine,98-99,
,1,rationale,MTUS,,,,,
,1,rationale,ACOEM,,,,,
""",
    ("letters", "pdfbox/CM16-0213037"): """\
CM16-0213037,2016-11-09,2016-12-09,2016-11-03,2016-11-03,standard,Family Practice,CA; NC,upheld,2,2,0,\
right shoulder contusion; neck strain; right shoulder injury; scapulothoracic syndrome; right arm paresthesias
""",
    ("letters", "pdfbox/CM16-0230548"): """\
CM16-0230548,2016-12-06,2017-01-04,2016-12-01,2016-12-01,standard,Preventive Medicine; Occupational Medicine,TX,mixed,2,1,1,\
contusion to the head; neck strain; right hand contusion
""",
    ("letters", "seeds/000_1161a8377c1652dd"): """\
,,,,,,Family Practice,AZ; CA,upheld,1,1,0,chronic nonmalignant pain of the low back and left shoulder
""",
}

failed = 0


def check(name, got, want):
    global failed
    if got == want:
        print("ok tables %s" % name)
    else:
        failed += 1
        print("not ok tables %s: got %r, the letter says %r" % (name, got, want))


def norm(s):
    """Text with a hyphen at a line end joined to the next line and blanks collapsed, as imrc writes cells."""
    return " ".join(s.replace("-\n", "-").split())


def read_table(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def run(imrc, *args):
    done = subprocess.run([imrc, "-q", *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit("imrc %s: exit %d: %s" % (" ".join(args[:3]), done.returncode, done.stderr))


def by_file(rows):
    """The rows of a table (header dropped) grouped by their file, as dicts."""
    header, groups = rows[0], defaultdict(list)
    for row in rows[1:]:
        groups[row[0]].append(dict(zip(header, row)))
    return groups


def page_at(raw):
    """A function giving the page (1 + form feeds before it) of an offset of the raw text."""
    return lambda offset: 1 + raw.count("\f", 0, offset)


def heading_pages(raw):
    """The page each item's heading begins on: the line ending in its decision word, and the lines before it
    back to one that ends a sentence or a label (a period or a colon)."""
    lines, pages, feeds = raw.split("\n"), [], 0
    for line in lines:
        pages.append(1 + feeds + len(line) - len(line.lstrip("\f")))
        feeds += line.count("\f")
    found = []
    for i, line in enumerate(lines):
        if re.search(r"(Upheld|Overturned)\s*$", line):
            j = i
            while j > 0 and not re.search(r"[.:]\s*$", lines[j - 1].strip("\f ")):
                j -= 1
            while not lines[j].strip("\f "):
                j += 1
            found.append(pages[j])
    return found


def citation_spans(raw):
    """Per guideline of the raw text, in order: its item number, its author, and one entry per citation the
    letter writes there: (kind, text before, text after, first offset, last offset). kind is MTUS for each year
    of a "Decision based on MTUS" phrase (text before: from the previous year; after: up to the next), else the
    phrase's own source, with the whole phrase before and after."""
    guidelines, item = [], 0
    for g in GUIDELINE.finditer(raw):
        item += g.group(1).startswith("Claims")
        by = "claims-administrator" if g.group(1).startswith("Claims") else "imro"
        spans = []
        for p in PHRASE.finditer(g.group(2)):
            phrase, at = p.group(1), g.start(2) + p.start(1)
            if phrase.startswith("MTUS"):
                years = list(YEAR.finditer(phrase))
                for k, y in enumerate(years):
                    start = years[k - 1].end() if k else 0
                    end = years[k + 1].start() if k + 1 < len(years) else len(phrase)
                    spans.append(("MTUS", phrase[start:y.start()], phrase[y.end():end], at + start, at + y.start()))
            else:
                kind = ("ODG" if re.search(r"ODG|Official\s+Disability", phrase)
                        else "ACOEM" if re.search(r"ACOEM|American\s+College\s+of\s+Occupational", phrase)
                        else "other")
                spans.append((kind, phrase, phrase, at, at + len(phrase.rstrip()) - 1))
        guidelines.append((item, by, spans))
    return guidelines


def check_headers(tables):
    for name, rows in tables.items():
        check("%s header" % name, rows[0], HEADERS[name])
    check("items keeps its first columns first", tables["items"][0][:len(FIRST_ITEMS_HEADER)], FIRST_ITEMS_HEADER)


def check_dirs(tables, dirs, letters):
    """-d: each letter's file is the header and that letter's rows of the one table (in input order)."""
    for name, rows in tables.items():
        headers, joined = [], []
        for letter in letters:
            own = read_table(os.path.join(dirs[name], letter[:-4] + ".csv"))
            headers.append(own[0])
            joined += own[1:]
        check("-d %s: each of %d files has the header" % (name, len(letters)), headers, [rows[0]] * len(letters))
        check("-d %s: the files hold the rows of the one table" % name, joined, rows[1:])


def check_letter(path, twin, letters, items, citations):
    """Checks the rows of letter path; twin is its PDFBox text, whose header is read line by line (pdftotext
    writes the header column by column)."""
    raw = open(path, encoding="utf-8").read()
    text = squeezed(path)
    name = path[:-4]
    header, names, specs = read_header(squeezed(twin))
    decisions = expected_decisions(text)
    up, over = decisions.count("upheld"), decisions.count("overturned")
    outcome = "upheld" if not over else "overturned" if not up else "mixed"
    want = [header["number"], header["assigned"], header["decided"], header["urDenied"], header["received"],
            header["priority"], "; ".join(specs), "; ".join(STATES.get(n, n) for n in names), outcome,
            str(len(decisions)), str(up), str(over)]
    got = [[r[c] for c in HEADERS["letters"][1:-1]] for r in letters[path]]   # diagnoses: tests/diagnoses.tsv
    check("letters %s" % name, got, [want])

    rows = items[path]
    pages = heading_pages(raw) if "\f" in raw else [""] * len(decisions)
    check("items %s: item, decision, page, header dates" % name,
          [(r["item"], r["decision"], r["page"], r["case"], r["decided"], r["assigned"], r["ur_denied"],
            r["received"], r["priority"]) for r in rows],
          [(str(i + 1), d, str(p), header["number"], header["decided"], header["assigned"], header["urDenied"],
            header["received"], header["priority"]) for i, (d, p) in enumerate(zip(decisions, pages))])
    cited = defaultdict(list)
    for r in citations[path]:
        cited[(r["item"], r["by"])].append(r["source"])
        if r["by"] != "rationale":
            cited[r["item"]].append(r["source"])
    check("items %s: citation sources are the citations table's (guidelines; each part apart)" % name,
          [(r["citation_sources"], r["ca_citation_sources"], r["imro_citation_sources"],
            r["rationale_citation_sources"]) for r in rows],
          [tuple("; ".join(cited[key]) for key in (r["item"], (r["item"], "claims-administrator"),
                                                   (r["item"], "imro"), (r["item"], "rationale"))) for r in rows])
    # the part decided: the portion the heading's last sentence names in a modified request, else the request
    check("items %s: reviewed_request is the part of the request decided" % name,
          [r["reviewed_request"] for r in rows], [reviewed(r["request"]) for r in rows])
    # a rationale's references: each names its guideline, so no more of them than the rationale has names
    for item, text in enumerate(RATIONALE.findall(raw), 1):
        names = len(GUIDELINE_NAMES.findall(text))
        refs = cited[(str(item), "rationale")]
        check("citations %s item %d: %d rationale references, at most the %d guideline names" % (
              name, item, len(refs), names), len(refs) <= names and bool(refs) == bool(names), True)

    at_page = page_at(raw)
    grouped = defaultdict(list)
    for r in citations[path]:
        grouped[(int(r["item"]), r["by"])].append(r)
    problems, count = [], 0
    for key in [k for k in grouped if k[1] == "rationale"]:
        del grouped[key]                         # checked above
    for item, by, spans in citation_spans(raw):
        got = grouped.pop((item, by), [])
        mtus = [s for s in spans if s[0] == "MTUS"]
        other = [s for s in spans if s[0] != "MTUS"]
        got_mtus = [r for r in got if r["source"] == "MTUS"]
        got_other = [r for r in got if r["source"] != "MTUS"]
        # a reference naming two chapters is two citations (SPEC section 6), and "Other Medical Treatment
        # Guidelines" begins another: at most as many as the chapters it names and those words
        most = sum(max(1, len(CHAPTER_WORDS.findall(s[1]))) + len(OTHER_GUIDELINES.findall(s[1]))
                   for s in other)
        if len(got_mtus) != len(mtus) or not len(other) <= len(got_other) <= most:
            problems.append("item %d %s: %d MTUS and %d other citations, the letter has %d MTUS years and %d "
                            "other phrases" % (item, by, len(got_mtus), len(got_other), len(mtus), len(other)))
            continue
        pairs = list(zip(got_mtus, mtus))
        if len(got_other) == len(other):
            pairs += list(zip(got_other, other))
        else:                                    # a phrase split by chapter: each row checked against all of them
            pairs += [(r, (r["source"], "".join(s[1] for s in other), "".join(s[2] for s in other), other[0][3],
                           other[-1][4])) for r in got_other]
        for r, (kind, before, after, first, last) in pairs:
            count += 1
            sections = [s for s in r["sections"].split("; ") if s]
            pages = [p for p in r["guideline_pages"].split(", ") if p]
            wrong = []
            if r["source"] != kind:
                wrong.append("source %s, not %s" % (r["source"], kind))
            if kind == "MTUS" and not (r["title"] and norm(before).endswith(r["title"])):
                wrong.append("title %r does not end %r" % (r["title"], norm(before)))
            if kind == "MTUS" and bool(sections) != ("Section(s)" in after):
                wrong.append("sections %r, the letter writes %r" % (r["sections"], norm(after)))
            if [s for s in sections + pages if s not in norm(after)]:
                wrong.append("sections or pages %r not in %r" % (sections + pages, norm(after)))
            if "Page(s)" in after and not pages:
                wrong.append("no guideline pages in %r" % norm(after))
            page = r["page"]
            if "\f" in raw and not (page.isdigit() and at_page(first) <= int(page) <= at_page(last)):
                wrong.append("page %r, not from %d to %d" % (page, at_page(first), at_page(last)))
            if "\f" not in raw and page:
                wrong.append("page %r in text without pages" % page)
            if wrong:
                problems.append("item %d %s: %s" % (item, by, "; ".join(wrong)))
    if grouped:
        problems.append("citations outside the letter's guidelines: %s" % sorted(grouped))
    check("citations %s: %d citations as the guidelines write them" % (name, count), problems, [])


def check_gold(citations, pdfbox, pdftotext):
    """The citations of every guideline, and the rationale references of the letters whose rationales were read,
    in both shapes, against tests/citations.tsv (read by hand: its header says how)."""
    gold = defaultdict(list)
    table = os.path.join(os.path.dirname(os.path.abspath(__file__)), "citations.tsv")
    for line in open(table, encoding="utf-8"):
        if not line.startswith("#") and line.strip():
            letter, *row = line.rstrip("\n").split("\t")
            gold[letter].append(row)
    for folder in (pdfbox, pdftotext):
        for f in sorted(os.listdir(folder)):
            path, letter = os.path.join(folder, f), f[:-4]
            got = [[r["item"], r["by"], r["source"], r["title"], r["chapter"], r["sections"], r["guideline_pages"]]
                   for r in citations[path]]
            check("citations %s: the guidelines' citations read by hand (tests/citations.tsv)" % path[:-4],
                  [r for r in got if r[1] != "rationale"], [r for r in gold[letter] if r[1] != "rationale"])
            read = [r for r in gold[letter] if r[1] == "rationale"]
            if read:
                check("citations %s: the rationales' references read by hand (tests/citations.tsv)" % path[:-4],
                      [r for r in got if r[1] == "rationale"], read)


def reviewed(request):
    """The part of a request heading decided: after "The remaining IMR eligible portion of the original request, "
    or (when something else was authorized) "The original request, ", without a final " is"; else all of it."""
    m = re.search(r"(?:The remaining IMR eligible portion of the original request|The original request), (.*?)(?: is)?$",
                  request)
    return m.group(1) if m and "was the original request." in request else request


def check_by_hand(tables_of):
    for (name, letter), text in BY_HAND.items():
        shape, base = letter.split("/")
        path = next(p for p in tables_of[name] if p.endswith("%s/%s.txt" % (shape, base)))
        want = list(csv.reader(io.StringIO(text)))
        got = [[r[c] for c in HEADERS[name][1:]] for r in tables_of[name][path]]
        got = [[("?" if w == "?" else g) for g, w in zip(row, wrow)] + row[len(wrow):]
               for row, wrow in zip(got, want)] + got[len(want):]
        check("%s of %s read by hand" % (name, letter), got, want)


def main():
    imrc, tmp, seeds, pdfbox, pdftotext = sys.argv[1:]
    letters = sorted(os.path.join(d, f) for d in (seeds, pdfbox, pdftotext) for f in os.listdir(d)
                     if f.endswith(".txt"))
    tables, dirs = {}, {}
    for name in HEADERS:
        out, dirs[name] = os.path.join(tmp, name + ".csv"), os.path.join(tmp, name)
        run(imrc, "--table=" + name, "-o", out, *letters)
        run(imrc, "-t", "csv", "--table=" + name, "-j2", "-d", dirs[name], *letters)
        tables[name] = read_table(out)
    check_headers(tables)
    check_dirs(tables, dirs, letters)
    grouped = {name: by_file(rows) for name, rows in tables.items()}
    check("letters: a row per letter", sorted(grouped["letters"]), letters)
    for path in letters:
        if not path.startswith(seeds):
            twin = os.path.join(pdfbox, os.path.basename(path))
            check_letter(path, twin, grouped["letters"], grouped["items"], grouped["citations"])
    check_by_hand(grouped)
    check_gold(grouped["citations"], pdfbox, pdftotext)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
