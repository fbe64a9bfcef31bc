"""Prints each test that did not pass, with the first lines of its message, from the test results, so the name of a
failure is in the last lines of the run and not only far above them or in the .trx files."""
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        outcome = result.get("outcome", "")
        if outcome in ("Passed", "NotExecuted"):
            continue
        print(f"  {outcome} {result.get('testName')} ({result.get('duration', '?')})")
        message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
        for line in ((message.text or "").strip().splitlines() if message is not None else [])[:6]:
            print(f"      {line}")
