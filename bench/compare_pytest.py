"""Runs one pytest suite twice, with plain pytest and with Subinterp's pytest engine,
and compares every test's outcome: the proof that each module still sees a pristine
pytest (fixtures, conftest, markers, parametrisation as in a plain run).

    python bench/compare_pytest.py --subinterp CLI --python VENV/bin/python [--jobs 2] FOLDER [PYTEST ARGS...]

CLI is the native `subinterp` or a subinterp.dll (run with dotnet). FOLDER is the
pytest rootdir; the paths after it go to both runners (default: FOLDER). Prints the
differences and exits 1 when there is any."""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import outcomes  # noqa: E402


def cli_command(cli):
    return ["dotnet", cli] if cli.endswith(".dll") else [cli]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subinterp", required=True)
    parser.add_argument("--python", required=True, help="a Python (a venv's) that imports pytest")
    parser.add_argument("--jobs", default="2")
    parser.add_argument("folder")
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    folder = os.path.abspath(args.folder)
    paths = args.paths or ["."]
    scratch = tempfile.mkdtemp(prefix="subinterp-compare-")
    junit, report = os.path.join(scratch, "plain.xml"), os.path.join(scratch, "subinterp.json")
    plain = subprocess.run([args.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--junit-xml", junit, *paths],
                           cwd=folder, capture_output=True, text=True)
    mine = subprocess.run(cli_command(args.subinterp) + ["run", *paths, "-j", args.jobs, "--python", args.python,
                          "--engine", "pytest", "--progress", "none", "--json", report, "--state-dir", os.path.join(scratch, "state")],
                          cwd=folder, capture_output=True, text=True)
    theirs = outcomes.junit_outcomes(junit, qualified=True)["tests"]
    with open(report) as f:
        data = json.load(f)
    ours = {t["id"]: t["outcome"] for m in data["modules"] for t in m["tests"]}
    differences = outcomes.differences(ours, _align(theirs, ours), outcomes.PYTEST_SAME)
    print("%s: plain pytest exit %d, %d tests; subinterp exit %d, %d tests, verdicts %s" % (
        folder, plain.returncode, len(theirs), mine.returncode, len(ours), data["summary"]["verdicts"]))
    for test_id, a, b in differences[:50]:
        print("  differs: %s: subinterp %s, pytest %s" % (test_id, a, b))
    print("%d outcomes differ" % len(differences))
    return 1 if differences else 0


def _align(theirs, ours):
    """JUnit's class path starts at the rootdir (tests.test_x); Subinterp names a module by
    its package chain (test_x when tests/ is no package): drop leading parts until they meet."""
    aligned = {}
    for key, outcome in theirs.items():
        head, bracket, param = key.partition("[")
        parts = head.split(".")
        candidates = [".".join(parts[i:]) + bracket + param for i in range(len(parts))]
        aligned[next((c for c in candidates if c in ours), key)] = outcome
    return aligned


if __name__ == "__main__":
    sys.exit(main())
