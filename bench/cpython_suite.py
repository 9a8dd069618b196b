"""W6: a third of CPython's own test suite, Subinterp against `python -m test`.

Every third `test_*.py` file of the installed `test` package (sorted by name;
130 modules on 3.13.0, 127 on 3.12.1), run three ways in the same repetition:

  subinterp -jN                         the defaults: failing modules compared in a plain process
  subinterp --no-compare-process -jN    the run alone
  python -m test -jN                    regrtest, each module in a worker process

and compared module by module: regrtest's result (from its summary) next to
Subinterp's verdict, its findings and, for a module that failed, whether it fails
only in a subinterpreter. Also counted: modules re-run alone to confirm a leak
(the report's leakConfirmations) and findings whose detail names the runtime's
own state (slot threads, the worker's descriptors).
"""

import json
import os
import re
import subprocess
import tempfile

KEY = "W6"


class Workload:
    def __init__(self, modules, files, cwd):
        self.key = KEY
        self.title = "every third module of CPython's installed test package (%d modules)" % len(modules)
        self.modules = modules
        self.cwd = cwd
        self.subinterp_paths = files

    def describe(self):
        return {"key": self.key, "title": self.title, "modules": len(self.modules)}


def build(python, scratch):
    tests = subprocess.run([python, "-c", "import os, test; print(os.path.dirname(test.__file__))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    names = sorted(name[:-3] for name in os.listdir(tests) if name.startswith("test_") and name.endswith(".py"))[::3]
    # The tests write scratch files into the current folder: an empty one, as regrtest's workers have.
    folder = os.path.join(scratch, "w6")
    os.makedirs(folder, exist_ok=True)
    return Workload(["test." + name for name in names], [os.path.join(tests, name + ".py") for name in names], folder)


def entries(bench, workload):
    j = bench.jobs

    def subinterp(tag, *extra):
        report = os.path.join(bench.scratch, "w6-subinterp-%s.json" % tag)
        state = tempfile.mkdtemp(prefix="state-", dir=bench.scratch)
        command = ["dotnet", bench.args.subinterp, "run", *workload.subinterp_paths, "-j", str(j), "--python", bench.python,
                   "--progress", "none", "--json", report, "--state-dir", state, *extra]
        return command, workload.cwd, report

    def regrtest(tag):
        log = os.path.join(bench.scratch, "w6-regrtest-%s.txt" % tag)
        work = tempfile.mkdtemp(prefix="regrtest-", dir=bench.scratch)
        names = [m.split(".", 1)[1] for m in workload.modules]
        script = '"$0" -m test -j "$1" "${@:3}" > "$2" 2>&1'
        return ["bash", "-c", script, bench.python, str(j), log, *names], work, log

    return [
        ("subinterp -j%d" % j, lambda tag: subinterp(tag)),
        ("subinterp --no-compare-process -j%d" % j, lambda tag: subinterp(tag, "--no-compare-process")),
        ("python -m test -j%d" % j, regrtest),
    ]


# -- what each run reports ----------------------------------------------------------------------

# Findings that name the runtime's own state rather than anything a test did.
_RUNTIME_STATE = re.compile(r"\('slot-\d+'\)|\.NET |subinterp-\d+-|/subinterp_driver/|\.subinterp/logs")


def details(artefact):
    """Per-module outcomes of one run, from Subinterp's JSON report or regrtest's output."""
    if artefact.endswith(".json"):
        with open(artefact) as f:
            data = json.load(f)
        # findings[] is grouped by cause; each module's own finding is a member of its cause.
        members = [member for group in data.get("findings", []) for member in group.get("members", [])]
        modules = {}
        for m in data["modules"]:
            comparison = m.get("comparison") or {}
            modules[m["module"].split(".", 1)[1]] = {
                "verdict": m["verdict"],
                "findings": [f["kind"] + ": " + f["detail"] for f in members if f["module"] == m["module"] and f["kind"] != "effect"],
                "comparison": comparison.get("label"),
                "process_verdict": comparison.get("verdict"),
            }
        return {
            "modules": modules,
            "leak_confirmations": data.get("leakConfirmations"),
            "effects": [f["detail"] for f in members if f["kind"] == "effect"],
            "runtime_state_findings": [f["module"] + ": " + f["detail"] for f in members if _RUNTIME_STATE.search(f["detail"])],
        }
    return {"modules": regrtest_summary(artefact)}


def regrtest_summary(path):
    """test name -> regrtest's result, from the summary at the end of its output."""
    with open(path, errors="replace") as f:
        text = f.read()
    results = {}
    heading = None
    for line in text[text.rfind("== Tests result"):].splitlines():
        match = re.match(r"^(\d+) (?:tests?|re-run tests?) (.*?):$", line)
        if match:
            heading = match.group(2)
            continue
        if heading and line.startswith("    "):
            for name in line.split():
                results[name] = _REGRTEST_OUTCOME.get(heading, heading)
            continue
        heading = None
    # Every module regrtest ran and did not list is OK.
    for name in re.findall(r"\] (test_\w+) passed", text):
        results.setdefault(name, "passed")
    return results


_REGRTEST_OUTCOME = {
    "failed": "failed",
    "skipped": "skipped",
    "skipped (resource denied)": "resource denied",
    "altered the execution environment (env changed)": "env changed",
    "run no tests": "no tests",
    "omitted": "omitted",
}


# -- the comparison ---------------------------------------------------------------------------

_SUBINTERP_OK = {"passed", "skipped"}
_REGRTEST_OK = {"passed", "skipped", "resource denied", "no tests"}


def compare(runs, jobs):
    """The per-module comparison of the last repetition that has all three runs."""
    by_rep = {}
    for run in runs:
        if run["workload"] == KEY and "w6" in run:
            by_rep.setdefault(run["rep"], {})[run["competitor"]] = run
    full = "subinterp -j%d" % jobs
    bare = "subinterp --no-compare-process -j%d" % jobs
    regrtest = "python -m test -j%d" % jobs
    complete = [rep for rep, got in sorted(by_rep.items()) if {full, bare, regrtest} <= set(got)]
    if not complete:
        return None
    got = by_rep[complete[-1]]
    mine = got[full]["w6"]
    theirs = got[regrtest]["w6"]["modules"]
    rows = []
    for name in sorted(mine["modules"]):
        m = mine["modules"][name]
        r = theirs.get(name, "absent")
        same = (m["verdict"] in _SUBINTERP_OK) == (r in _REGRTEST_OK) and not (m["verdict"] == "leaked" and r != "env changed")
        rows.append({"module": name, "regrtest": r, "subinterp": m["verdict"], "same": same,
                     "comparison": m["comparison"], "process_verdict": m["process_verdict"], "findings": m["findings"]})
    return {
        "rep": complete[-1],
        "rows": rows,
        "leak_confirmations": {name: got[name]["w6"]["leak_confirmations"] for name in (full, bare)},
        "runtime_state_findings": mine["runtime_state_findings"] + got[bare]["w6"]["runtime_state_findings"],
        "effects": mine["effects"],
        "wall": {name: got[name]["wall_s"] for name in (full, bare, regrtest)},
    }


def markdown(data):
    comparison = data.get("w6_comparison")
    if not comparison:
        return ""
    rows = comparison["rows"]
    wall = comparison["wall"]
    names = list(wall)
    lines = ["### W6 per module: Subinterp and `python -m test` (repetition %d)" % (comparison["rep"] + 1), ""]
    lines.append("Wall time in this repetition: " + "; ".join("%s %.1f s" % (n, wall[n]) for n in names)
                 + "; ratio %.2f (with the comparisons), %.2f (without)." % (wall[names[0]] / wall[names[2]], wall[names[1]] / wall[names[2]]))
    lines.append("Modules re-run alone to confirm a process change: %s (of %d modules). Findings that name the runtime's own state: %d."
                 % (", ".join("%s: %s" % item for item in comparison["leak_confirmations"].items()), len(rows),
                    len(comparison["runtime_state_findings"])))
    for finding in comparison["runtime_state_findings"]:
        lines.append("- " + finding)
    for effect in comparison["effects"]:
        lines.append("Reported once, not a module's finding: " + effect)
    differ = [row for row in rows if not row["same"]]
    lines.append("")
    lines.append("%d modules, %d with the same outcome; the %d others:" % (len(rows), len(rows) - len(differ), len(differ)))
    lines.append("")
    lines.append("| module | `python -m test` | Subinterp | in a plain process | why |")
    lines.append("| --- | --- | --- | --- | --- |")
    for row in differ:
        why = "; ".join(row["findings"])[:300] or "–"
        process = "%s (%s)" % (row["comparison"], row["process_verdict"]) if row["comparison"] else "–"
        lines.append("| `%s` | %s | %s | %s | %s |" % (row["module"], row["regrtest"], row["subinterp"], process, why.replace("|", "\\|")))
    lines.append("")
    return "\n".join(lines)
