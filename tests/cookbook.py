#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the query cookbook of README.md and checks each answer against counts taken from the letter texts.

usage: cookbook.py TOOLS WORKDIR LETTER TEXT...
TOOLS is "xmllint,jq" (make check) or "basex" (make basex): the commands whose first word is one of them run, in
WORKDIR, which holds letter.xml (LETTER compiled), out/ (the TEXTs compiled to XML) and json/ (to JSON). The
expected answers come from the texts alone, by regular expressions, never from imrc. Prints "ok"/"not ok" lines.
"""
import re
import subprocess
import sys


def decisions(text):
    """The item decisions of a letter, in order: headings that end in Upheld or Overturned."""
    return [d.lower() for d in re.findall(r"(?:^|:)[ \t]*(Upheld|Overturned)[ \t]*$", text, re.M)]


def expected(letter, texts):
    one = open(letter, encoding="utf-8").read()
    all_ = {t: open(t, encoding="utf-8").read() for t in texts}
    every = [d for t in all_.values() for d in decisions(t)]
    odg = 0
    for text in all_.values():
        flat = re.sub(r"\s+", " ", text)
        spans = re.findall(r"(?:Claims Administrator|MAXIMUS) guideline:(.*?)(?=MAXIMUS guideline:|Decision rationale:|$)", flat)
        odg += any(re.search(r"\bODG\b|Official Disability Guidelines", s) for s in spans)
    per_letter = sorted("%s\t%d" % (re.search(r"Case Number:\s*(CM\d\d-\d+)", t).group(1),
                                    t.count("Claims Administrator guideline:")) for t in all_.values())
    return {
        "items": str(one.count("Claims Administrator guideline:")),
        "case": re.search(r"Case Number:\s*(CM\d\d-\d+)", one).group(1),
        "decisions": " ".join(decisions(one)),
        "overturned": str(every.count("overturned")),
        "odg": str(odg),
        "requests": str(len(every)),
        "per-letter": "\n".join(per_letter),
    }


def normalise(key, out):
    """The answer in the form of expected(): attribute lists as words, line lists as a count or sorted."""
    out = out.strip()
    if key == "decisions":
        return " ".join(re.findall(r'decision="([a-z]+)"', out))
    if key == "requests":
        return str(len([l for l in out.splitlines() if l.strip()]))
    if key == "per-letter":
        return "\n".join(sorted(out.splitlines()))
    return out


def main():
    tools, workdir, letter, texts = sys.argv[1].split(","), sys.argv[2], sys.argv[3], sys.argv[4:]
    readme = open("README.md", encoding="utf-8").read()
    block = re.search(r"<!-- cookbook:.*?-->\n```sh\n(.*?)```\n<!-- cookbook end -->", readme, re.S).group(1)
    want = expected(letter, texts)
    lines = block.splitlines()
    ran = 0
    for comment, command in zip(lines[::2], lines[1::2]):
        key = re.match(r"# \[([a-z-]+)\] ", comment).group(1)
        if command.split()[0] not in tools:
            continue
        ran += 1
        done = subprocess.run(command, shell=True, cwd=workdir, capture_output=True, text=True)
        got = normalise(key, done.stdout)
        name = f"cookbook [{key}] {command.split()[0]}"
        if done.returncode == 0 and got == want[key]:
            print(f"ok {name}: {got if len(got) < 40 else str(len(got.splitlines())) + ' lines'}")
        else:
            print(f"not ok {name}: exit {done.returncode}, got {got[:200]!r}, expected {want[key][:200]!r}"
                  f" {done.stderr.strip()[:200]}")
    if not ran:
        print("not ok cookbook: no command of " + ",".join(tools) + " in README.md")


main()
