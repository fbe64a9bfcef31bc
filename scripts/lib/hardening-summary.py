"""Prints the figures the hardening tests wrote (lines such as "fuzz: ..." or "races: ...") from the test results,
so what was tried, how many cases and the seeds are in the test output and not only in the .trx files."""
import re
import sys
import xml.etree.ElementTree as ET

CATEGORIES = ("fuzz", "races", "database", "process", "workos", "limits", "portal", "tools")
line_pattern = re.compile(r"^(%s): " % "|".join(CATEGORIES))
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

lines = []
for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        out = result.find("t:Output/t:StdOut", ns)
        if out is None or not out.text:
            continue
        outcome = result.get("outcome", "")
        for line in out.text.splitlines():
            if line_pattern.match(line):
                lines.append((line.split(":", 1)[0], outcome, line))

for category in CATEGORIES:
    for _, outcome, line in (l for l in lines if l[0] == category):
        print(f"  {line}" + ("" if outcome == "Passed" else f"   [{outcome}]"))
