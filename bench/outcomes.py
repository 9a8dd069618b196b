"""Reads what the runners report: Subinterp's JSON report (per-test outcomes
and per-module interpreter timings) and regrtest's JUnit XML (per-test outcomes)."""

import json
import statistics
import xml.etree.ElementTree as ElementTree


def _median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 2) if values else None


def subinterp_details(path):
    with open(path) as f:
        data = json.load(f)
    modules = data.get("modules", [])
    interpreters = [m.get("interpreter") or {} for m in modules]
    driver = [(i["end"] - i["start"]) * 1000 for i in interpreters if i.get("end") is not None and i.get("start") is not None]
    verdicts = {}
    for m in modules:
        verdicts[m["verdict"]] = verdicts.get(m["verdict"], 0) + 1
    return {
        "verdicts": verdicts,
        "tests": {t["id"]: t["outcome"] for m in modules for t in m.get("tests", [])},
        "unsafe": sorted({u["module"] for m in modules for u in m.get("unsafeImports", [])}),
        "median_module_ms": _median([m.get("durationMs") for m in modules]),
        "median_create_ms": _median([i.get("createMs") for i in interpreters]),
        "median_end_ms": _median([i.get("endMs") for i in interpreters]),
        "median_driver_ms": _median(driver),
        "max_create_ms": max([i.get("createMs") or 0 for i in interpreters], default=None),
        "run_ms": data.get("durationMs"),
        # Each slot's busy share of the run (report `slots[]`), and where the time outside test code went.
        "busy_shares": [s.get("busyShare") for s in data.get("slots", [])],
        "median_phases_ms": {name: _median([(i.get("phases") or {}).get(name) for i in interpreters])
                             for name in ("waitedMs", "openMs", "runMs", "hooksMs", "probeMs", "closeMs")},
        # What was found, as (cause, kind, fails, member details): the same on every run of the same code.
        "findings": sorted("%s | %s | %s | %s" % (g["cause"]["key"], g["kind"], g["fails"], " / ".join(sorted(m["detail"] for m in g.get("members", []))))
                           for g in data.get("findings", []) if not g.get("information")),
    }


def junit_outcomes(path, qualified=False):
    """{test id: outcome} from --junit-xml: regrtest's names are whole ids; pytest's
    (qualified) are the class path and the name, joined with a dot."""
    tests = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        kinds = {child.tag for child in case}
        if "error" in kinds:
            outcome = "error"
        elif "failure" in kinds:
            outcome = "failed"
        elif "skipped" in kinds or case.get("status") == "skipped":
            outcome = "skipped"
        else:
            outcome = "passed"
        name = case.get("name")
        tests["%s.%s" % (case.get("classname"), name) if qualified else name] = outcome
    return {"tests": tests}


# Outcomes regrtest's JUnit cannot tell apart from these.
_SAME = {"xfail": "passed", "xpass": "passed"}

# pytest's JUnit writes an xfail as skipped, an xpass (not strict) as passed.
PYTEST_SAME = {"xfail": "skipped", "xpass": "passed"}


def differences(subinterp_tests, reference_tests, same=None):
    """Tests whose outcome differs, as (id, subinterp outcome, reference outcome)."""
    same = _SAME if same is None else same
    out = []
    for test_id in sorted(set(subinterp_tests) | set(reference_tests)):
        mine = subinterp_tests.get(test_id, "absent")
        theirs = reference_tests.get(test_id, "absent")
        if same.get(mine, mine) != same.get(theirs, theirs):
            out.append((test_id, mine, theirs))
    return out
