#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""tests/check_kept.py IMRC LETTER...: nothing of a letter is lost. The text backend (-t text) gives back every
character of the letter but its layout (blanks, line breaks, form feeds): after the case header, in the letter's
order; the case header is a set of fields, which imrc gives in a fixed order whatever the extractor's, so its
words (and anything before it) are compared as a multiset. One line per letter, "ok ..." or "not ok ...".
"""
import re
import subprocess
import sys

FIRST_SECTION = "HOW THE IMR FINAL DETERMINATION WAS MADE"   # the first section after the header (SPEC 2)
LAYOUT = r"[ \t\n\r\f\v]+"                                    # what the text backend need not keep


def kept(text):
    """The letter's text without layout: the words before its first section, sorted, and the rest in order."""
    cut = text.find(FIRST_SECTION)
    head, rest = (text[:cut], text[cut:]) if cut >= 0 else ("", text)
    return sorted(w for w in re.split(LAYOUT, head) if w), re.sub(LAYOUT, "", rest)


def main():
    imrc, letters = sys.argv[1], sys.argv[2:]
    failed = 0
    for path in letters:
        raw = open(path, "rb").read().decode("utf-8", "replace").replace("\f", " ")
        out = subprocess.run([imrc, "-q", "-t", "text", path], capture_output=True)
        got = out.stdout.decode("utf-8", "replace")
        want_head, want_rest = kept(raw)
        got_head, got_rest = kept(got)
        if out.returncode != 0:
            problem = "exit %d: %s" % (out.returncode, out.stderr.decode("utf-8", "replace")[:300])
        elif want_head != got_head:
            problem = "the header's words differ: %r, text backend %r" % (want_head, got_head)
        elif want_rest != got_rest:
            at = next((i for i, (a, b) in enumerate(zip(want_rest, got_rest)) if a != b),
                      min(len(want_rest), len(got_rest)))
            problem = "differs at %d: %r, text backend %r" % (at, want_rest[at:at + 60], got_rest[at:at + 60])
        else:
            print("ok nothing lost %s" % path)
            continue
        failed += 1
        print("not ok nothing lost %s: %s" % (path, problem))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
