#!/usr/bin/env python3
"""Counts what a GoogleTest program run by page/run.html reported: passed, failed and skipped tests.

    python3 web/gtest_results.py RUN_DIR [--name NAME]

RUN_DIR is the folder serve.py wrote for the run (RUN_DIR/result.json). Prints one line per failed test
(with the first lines of its failure) and per skipped test (with its reason), then a last line
"NAME: N passed, M failed, K skipped". Exits 0 when nothing failed, 1 otherwise.

The counts come from GoogleTest's own output (the program's stdout, which the page posts line by line),
so that a run that ends in the middle of a test still counts what it did:
- a test is passed, failed or skipped as GoogleTest's line at its end says ([       OK ], [  FAILED  ],
  [  SKIPPED ]); a skipped test is never a pass;
- a test that started and never ended (the program aborted, trapped or hung in it) is failed, and so is
  every test GoogleTest announced ("Running N tests") that never started;
- a program that exits non-zero, aborts or meets an uncaught page error with no failed test is one failure
  more: something went wrong that no test accounts for.
"""

import argparse
import json
import os
import re
import sys

RUN = re.compile(r"^\[ RUN      \] (\S+)$")
END = re.compile(r"^\[ +(OK|FAILED|SKIPPED) +\] (\S+)(?: \(\d+ ms\))?$")
ANNOUNCED = re.compile(r"^\[==========\] Running (\d+) tests? from ")
LINES_SHOWN = 6


def count(result):
    """Returns (passed: [name], failed: [(name, why)], skipped: [(name, why)], not_run) from a run.html result.
    A failure named "(program)" is the program's, not a test's; not_run tests are failures too."""
    passed, failed, skipped = [], [], []
    announced = None
    current, lines = None, []
    for line in result.get("stdout", []):
        m = ANNOUNCED.match(line)
        if m and announced is None:
            announced = int(m.group(1))
            continue
        m = RUN.match(line)
        if m:
            current, lines = m.group(1), []
            continue
        m = END.match(line)
        if m and current == m.group(2):  # the summary at the end repeats names outside any test: not counted
            outcome, text = m.group(1), [l for l in lines if l.strip()]
            if outcome == "OK":
                passed.append(current)
            elif outcome == "SKIPPED":
                # GoogleTest prints "file:line: Skipped" and then the reason given to GTEST_SKIP().
                reason = [l for l in text if not l.endswith(": Skipped")]
                skipped.append((current, " ".join(reason) or "(no reason given)"))
            else:
                failed.append((current, "\n".join(text[:LINES_SHOWN])))
            current = None
            continue
        if current:
            lines.append(line)

    ending = result.get("abort") or "; ".join(result.get("pageErrors") or []) or (
        "exit status %s" % result.get("exitStatus"))
    if current:
        last = [l for l in lines if l.strip()][-LINES_SHOWN:]
        failed.append((current, "did not end (%s)" % ending + ("; its last lines:\n" + "\n".join(last) if last else "")))
    not_run = max(0, (announced or 0) - len(passed) - len(failed) - len(skipped))
    if announced is None:
        failed.append(("(program)", "GoogleTest never started (%s)" % ending))
    elif not_run:
        failed.append(("(program)", "%d of the %d tests announced never ran (%s)" % (not_run, announced, ending)))
    if not failed and (result.get("exitStatus") != 0 or result.get("abort") or result.get("pageErrors")):
        failed.append(("(program)", "no test failed, but the program ended with %s" % ending))
    return passed, failed, skipped, not_run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("run_dir", help="the folder of the run (holds result.json)")
    parser.add_argument("--name", help="what the last line calls the run (default: the program's name)")
    opts = parser.parse_args()
    with open(os.path.join(opts.run_dir, "result.json")) as f:
        result = json.load(f)
    passed, failed, skipped, not_run = count(result)
    for name, why in failed:
        print("FAILED  %s: %s" % (name, why.replace("\n", "\n          ")))
    for name, why in skipped:
        print("SKIPPED %s: %s" % (name, why))
    # A failure of the program itself counts once, unless tests it announced never ran: they count each.
    failed_count = sum(1 for name, _ in failed if name != "(program)") + (
        not_run or (1 if any(name == "(program)" for name, _ in failed) else 0))
    print("%s: %d passed, %d failed, %d skipped" % (opts.name or result.get("program"), len(passed), failed_count,
                                                    len(skipped)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
