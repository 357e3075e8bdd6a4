# SPDX-License-Identifier: GPL-3.0-or-later
"""The pinned cases of a table, shared by check_citations.py, check_dates.py, check_diagnosis_cases.py,
check_requests.py and check_request_category_cases.py: each case's text is put into a small letter
(tests/golden/no-citation.txt) where its checker says, the letter compiled by imrc, and what the checker reads
back from the XML compared with the table's. One line per case, "ok ..." or "not ok ..."."""
import subprocess
import xml.etree.ElementTree as ET

NS = "{urn:imrc:determination:1}"
LETTER = "tests/golden/no-citation.txt"


def template(anchor, path=LETTER):
    """The small letter's text; anchor (where cases go) must stand in it once."""
    letter = open(path, encoding="utf-8").read()
    assert letter.count(anchor) == 1, "the template letter %s has changed" % path
    return letter


def compiled(imrc, letter):
    """The letter compiled by imrc (which validates its output): (the XML's root, None), or (None, "error: " and
    imrc's messages)."""
    done = subprocess.run([imrc, "-q", "-"], input=letter.encode(), capture_output=True)
    if done.returncode != 0:
        return None, "error: " + done.stderr.decode("utf-8", "replace").strip()
    return ET.fromstring(done.stdout), None


def run(name, table, check):
    """Runs check(columns) on each case of table (tab-separated; lines beginning with "#" and empty ones are not
    cases): it returns (got, want), equal when the case holds, or (ok, got, want) when it decides itself.
    Returns the exit status: 1 when a case failed."""
    failed = 0
    for number, line in enumerate(open(table, encoding="utf-8"), 1):
        if line.startswith("#") or not line.strip():
            continue
        columns = line.rstrip("\n").split("\t")
        result = check(columns)
        ok, got, want = result if len(result) == 3 else (result[0] == result[1],) + tuple(result)
        if ok:
            print("ok %s line %d: %s" % (name, number, columns[0][:60]))
        else:
            failed += 1
            print("not ok %s line %d: %r: got %r, want %r" % (name, number, columns[:-1], got, want))
    return 1 if failed else 0
