#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/check_spellings.py: every section title and label of a letter is spelled in exactly one place of the
code under grammar/ and src/ (comments aside), so that a new spelling is one edit. The titles and labels are
those of the letters (SPEC section 2; tests/corpus), read from them by hand. One line per phrase.
"""
import glob
import re
import sys

PHRASES = [
    # the case header's labels ("Application" / "Received:" is one label, wrapped over two lines)
    "Case Number:", "Date Assigned:", "Date of Injury:", "Decision Date:", "UR Denial Date:", "Priority:",
    "Application", "Received:",
    # section titles and the labels within sections
    "HOW THE IMR FINAL DETERMINATION WAS MADE", "The Expert Reviewer has the following credentials:",
    "State(s) of Licensure:", "Certification(s)/Specialty:", "CLINICAL CASE SUMMARY",
    "IMR ISSUES, DECISIONS AND RATIONALES", "Claims Administrator guideline:", "MAXIMUS guideline:",
    "Decision rationale:",
    # the titles of other layouts (SPEC section 2)
    "Notice of Independent Medical Review Determination", "DOCUMENTS REVIEWED", "IMR DECISION(S) AND RATIONALE(S)",
    "Medical Qualifications of the Expert Reviewer", "MEDICAL PROFESSIONAL REVIEW", "ISSUE AT DISPUTE:",
]


def code(path):
    """The file's text without its comments (C and flex/bison: /* */ and //; data files: # lines)."""
    text = open(path, encoding="utf-8").read()
    if path.endswith(".vocab"):
        return re.sub(r"(?m)^#.*$", "", text)
    return re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)


def main():
    files = sorted(glob.glob("grammar/*") + glob.glob("src/*.[ch]"))
    texts = {f: code(f) for f in files}
    failed = 0
    for phrase in PHRASES:
        # a whole phrase: not part of a longer word ("Application" in "Applications")
        pattern = re.compile(r"(?<![A-Za-z])" + re.escape(phrase) + r"(?![A-Za-z])")
        places = ["%s (%d)" % (f, len(pattern.findall(t))) for f, t in texts.items() if pattern.search(t)]
        count = sum(len(pattern.findall(t)) for t in texts.values())
        if count == 1:
            print("ok spelled once: '%s' (%s)" % (phrase, places[0].split(" ")[0]))
        else:
            failed += 1
            print("not ok spelled once: '%s' is spelled %d times: %s" % (phrase, count, ", ".join(places) or "nowhere"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
