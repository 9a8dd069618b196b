"""Turns the harness's runs into medians, ratios, target checks and Markdown."""

import statistics

import outcomes
import cpython_suite


def _stats(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(runs, chosen, jobs):
    reference = "subinterp -j%d" % jobs
    modules = {w.key: len(w.modules) for w in chosen}
    workloads = []
    for key in ["W0"] + [w.key for w in chosen]:
        mine = [r for r in runs if r["workload"] == key]
        names = list(dict.fromkeys(r["competitor"] for r in mine))
        rows = []
        for name in names:
            these = [r for r in mine if r["competitor"] == name]
            rows.append({
                "competitor": name,
                "wall_s": _stats([r["wall_s"] for r in these]),
                "cpu_s": _stats([r["cpu_s"] for r in these]),
                "peak_rss_mb": _stats([r["peak_rss_mb"] for r in these]),
                "peak_pss_mb": _stats([r["peak_pss_mb"] for r in these]),
                "returncodes": sorted({r["returncode"] for r in these}),
                # CPU time over wall time: how many cores the run kept busy (1.0 at most under one GIL).
                "cores_used": _stats([r["cpu_s"] / r["wall_s"] for r in these if r["wall_s"]]),
                "cpu_ms_per_module": _stats([r["cpu_s"] * 1000 / modules[key] for r in these]) if modules.get(key) else None,
                "subinterp": _subinterp_medians([r["subinterp"] for r in these if "subinterp" in r]),
            })
        ref = next((row for row in rows if row["competitor"] in (reference, W5_REFERENCE)), None)
        lower = next((row for row in rows if row["competitor"] in ("one interpreter", "one pytest process")), None)
        count = modules.get(key)
        for row in rows:
            wall = row["wall_s"]["median"]
            row["ratio_to_subinterp"] = wall / ref["wall_s"]["median"] if ref else None
            row["modules_per_s"] = count / wall if count else None
            if count and lower:
                row["overhead_cpu_ms_per_module"] = (row["cpu_s"]["median"] - lower["cpu_s"]["median"]) / count * 1000
                row["overhead_wall_ms_per_module"] = (wall - lower["wall_s"]["median"] / jobs_of(row["competitor"], jobs)) \
                    * jobs_of(row["competitor"], jobs) / count * 1000
        workloads.append({"key": key, "modules": count, "rows": rows,
                          "title": next((w.title for w in chosen if w.key == key), "machine calibration")})
    data = {"jobs": jobs, "workloads": workloads, "runs": runs}
    data["calibration"] = _calibration(runs)
    data["loadavg_1min"] = _stats([r.get("loadavg_1min") for r in runs])
    data["w3_differences"] = _w3_differences(runs, reference)
    data["w6_comparison"] = cpython_suite.compare(runs, jobs)
    data["targets"] = _targets(data, jobs)
    return data


W5_REFERENCE = "subinterp run test_one.py"


def jobs_of(competitor, default):
    if competitor in ("one interpreter", "one pytest process") or competitor.startswith(("subinterp run", "subinterp,", "dotnet subinterp", "python -m unittest")):
        return 1
    if competitor.endswith("-j1"):
        return 1
    return default


def _subinterp_medians(details):
    if not details:
        return None
    keys = ["median_module_ms", "median_create_ms", "median_end_ms", "median_driver_ms", "max_create_ms"]
    out = {k: _median([d.get(k) for d in details]) for k in keys}
    # The least busy slot of each run, then the median over runs; and whether every run found the same.
    out["least_busy_share"] = _median([min(d["busy_shares"]) for d in details if d.get("busy_shares")])
    out["busy_shares"] = [d.get("busy_shares") for d in details]
    phases = [d.get("median_phases_ms") or {} for d in details]
    out["median_phases_ms"] = {name: _median([p.get(name) for p in phases]) for name in (phases[0] if phases else {})}
    findings = [tuple(d.get("findings") or []) for d in details]
    out["findings"] = list(findings[0]) if findings else []
    out["same_findings"] = "%d of %d" % (sum(1 for f in findings if f == findings[0]), len(findings))
    verdicts = {}
    for d in details:
        for verdict, n in d["verdicts"].items():
            verdicts[verdict] = max(verdicts.get(verdict, 0), n)
    out["verdicts"] = verdicts
    out["unsafe"] = sorted({u for d in details for u in d["unsafe"]})
    return out


def _calibration(runs):
    per_rep = {}
    for r in runs:
        if r["workload"] == "W0":
            per_rep.setdefault(r["rep"], {})[r["competitor"]] = r["wall_s"]
    cores = [2 * v["1 process"] / v["2 processes"] for v in per_rep.values() if len(v) == 2]
    return {"effective_cores": _stats(cores), "per_repetition": cores}


def _w3_differences(runs, reference):
    mine = [r for r in runs if r["workload"] == "W3" and r["competitor"] == reference and "subinterp" in r]
    theirs = [r for r in runs if r["workload"] == "W3" and "outcomes" in r]
    if not mine or not theirs:
        return None
    diffs = {}
    for a in mine:
        for b in theirs:
            for test_id, x, y in outcomes.differences(a["subinterp"]["tests"], b["outcomes"]["tests"]):
                diffs.setdefault((test_id, x, y), 0)
                diffs[(test_id, x, y)] += 1
    return {
        "tests_compared": len(mine[-1]["subinterp"]["tests"]),
        "differences": [{"test": t, "subinterp": x, "regrtest": y, "seen": n} for (t, x, y), n in sorted(diffs.items())],
    }


def _row(data, key, competitor):
    for w in data["workloads"]:
        if w["key"] == key:
            for row in w["rows"]:
                if row["competitor"] == competitor:
                    return row
    return None


def _wall(data, key, competitor):
    row = _row(data, key, competitor)
    return row["wall_s"]["median"] if row else None


def _paired(data, key, numerator, denominator, field="wall_s"):
    """Median over repetitions of numerator/denominator measured in the same repetition: the two
    ran minutes apart at most, so a slow spell of the host cancels out better than in a ratio of
    medians."""
    runs = [r for r in data["runs"] if r["workload"] == key]
    ratios = []
    for rep in sorted({r["rep"] for r in runs}):
        a = next((r[field] for r in runs if r["rep"] == rep and r["competitor"] == numerator), None)
        b = next((r[field] for r in runs if r["rep"] == rep and r["competitor"] == denominator), None)
        if a and b:
            ratios.append(a / b)
    return statistics.median(ratios) if ratios else None


def _targets(data, jobs):
    ref = "subinterp -j%d" % jobs
    out = []

    def add(name, value, goal, ok, how):
        out.append({"target": name, "value": value, "goal": goal, "met": ok, "how": how})

    proc, fork = "process per module -j%d" % jobs, "fork server -j%d" % jobs
    value = _paired(data, "W5", W5_REFERENCE, "python -m unittest test_one")
    if value:
        add("W5 one-module latency vs python -m unittest", value, "<= 1.5", value <= 1.5, "wall(subinterp run test_one.py) / wall(python -m unittest test_one)")
    for w in data["workloads"]:
        if not w["key"].startswith(("W7", "W8")):
            continue
        key = w["key"]
        value = _paired(data, key, "pytest per module -j%d" % jobs, ref)
        if value:
            add("%s pytest throughput vs pytest per module -j%d" % (key, jobs), value, ">= 1.0 (goal 1.3)", value >= 1.0,
                "wall(pytest per module) / wall(Subinterp)")
        row = _row(data, key, ref)
        if row and row["subinterp"]:
            busy = row["subinterp"]["least_busy_share"]
            if busy is not None:
                add("%s every slot busy" % key, busy, ">= 0.90", busy >= 0.90, "least busy slot's share of the run (report slots[]), median over runs")
            same = row["subinterp"]["same_findings"]
            framework = [f for f in row["subinterp"]["findings"] if "/dev/null" in f or "PYTEST_" in f or "_pytest" in f]
            add("%s same findings on every run, none about pytest's own state" % key, same, "all runs", same.split(" of ")[0] == same.split(" of ")[1] and not framework,
                "the set of (cause, kind, fails, details) compared across runs")
    value = _paired(data, "W4", "pytest per module -j%d" % jobs, ref)
    if value:
        add("W4 pytest throughput vs pytest per module -j%d" % jobs, value, ">= 1.5", value >= 1.5, "wall(pytest per module) / wall(Subinterp)")
    value = _paired(data, "W4", ref, "pytest per module -j%d" % jobs, field="cpu_s")
    if value:
        add("W4 CPU per module vs pytest per module", value, "<= 1.0", value <= 1.0, "CPU(Subinterp) / CPU(pytest per module), same modules")
    value = _paired(data, "W1", proc, ref)
    if value:
        add("W1 throughput vs process per module", value, ">= 2.0", value >= 2.0, "wall(process per module) / wall(Subinterp)")
    value = _paired(data, "W1", ref, fork)
    if value:
        add("W1 wall vs fork server", value, "<= 1.5", value <= 1.5, "wall(Subinterp) / wall(fork server)")
    scaling = _scaling_vs_processes(data, jobs)
    if scaling:
        add("W2 -j%d/-j1 speed-up over what 2 plain processes get (W0)" % jobs, scaling, ">= 0.95", scaling >= 0.95,
            "(wall(-j1) / wall(-j%d)) / (2 x t(one) / t(two)), paired per repetition" % jobs)
    value = _paired(data, "W2", "subinterp -j1", ref)
    if value:
        add("W2 speed-up -j%d over -j1" % jobs, value, ">= 1.8", value >= 1.8, "wall(-j1) / wall(-j%d)" % jobs)
    for key in ("W1", "W2", "W4"):
        value = _paired(data, key, ref, "subinterp -j1", field="cpu_s")
        if value:
            add("%s CPU -j%d over -j1 (same modules)" % (key, jobs), value, "~1.0 (no serialisation)", value <= 1.15,
                "CPU(-j%d) / CPU(-j1): what running slots side by side costs per module" % jobs)
    value = _paired(data, "W3", ref, "python -m test -j%d" % jobs)
    if value:
        add("W3 wall vs python -m test -j%d" % jobs, value, "<= 0.8", value <= 0.8, "wall(Subinterp) / wall(python -m test)")
    for key in ("W1", "W2", "W3"):
        value = _paired(data, key, ref, proc, field="peak_rss_mb")
        if value:
            add("%s peak RSS vs %d Python processes" % (key, jobs), value, "<= 1.0", value <= 1.0,
                "peak RSS(Subinterp) / peak RSS(process per module), process-tree sums")
    value = _paired(data, "W4", ref, "pytest per module -j%d" % jobs, field="peak_rss_mb")
    if value:
        add("W4 peak RSS vs %d pytest processes" % jobs, value, "<= 1.0", value <= 1.0, "peak RSS(Subinterp) / peak RSS(pytest per module)")
    value = _paired(data, cpython_suite.KEY, ref, "python -m test -j%d" % jobs)
    if value:
        add("W6 wall vs python -m test -j%d" % jobs, value, "<= 1.25", value <= 1.25, "wall(Subinterp, comparisons included) / wall(python -m test)")
    cal = data["calibration"]["effective_cores"]
    if cal:
        add("W0 machine: cores delivered (2 x t(one) / t(two))", cal["median"], "2.0 on an idle 2-core machine", cal["median"] >= 1.8,
            "bounds every parallel speed-up above")
    return out


def _scaling_vs_processes(data, jobs):
    runs = data["runs"]
    ratios = []
    for rep in sorted({r["rep"] for r in runs}):
        def wall(key, name):
            return next((r["wall_s"] for r in runs if r["rep"] == rep and r["workload"] == key and r["competitor"] == name), None)
        one, two = wall("W0", "1 process"), wall("W0", "2 processes")
        j1, j2 = wall("W2", "subinterp -j1"), wall("W2", "subinterp -j%d" % jobs)
        if one and two and j1 and j2:
            ratios.append((j1 / j2) / (2 * one / two))
    return statistics.median(ratios) if ratios else None


def _fmt(value, digits=2):
    if value is None:
        return "–"
    if isinstance(value, str):
        return value  # a count said in words ("3 of 3"), as the findings target gives it
    return ("%." + str(digits) + "f") % value


def markdown(data):
    lines = []
    m = data.get("machine", {})
    lines.append("Machine: %s, %s CPUs, %s GB, %s; CPython %s; .NET SDK %s; PYTHONDONTWRITEBYTECODE=%s." % (
        m.get("cpu"), m.get("cpus"), m.get("memory_gb"), m.get("platform"), m.get("python"), m.get("dotnet"),
        m.get("PYTHONDONTWRITEBYTECODE")))
    lines.append("Command: `%s`; %s repetitions, interleaved; total %.0f s." % (data.get("command"), data.get("repetitions"), data.get("total_s", 0)))
    load = data.get("loadavg_1min")
    if load:
        lines.append("Machine load (1-minute load average at the end of each run, all processes of the machine): median %s, min %s, max %s." % (
            _fmt(load["median"], 1), _fmt(load["min"], 1), _fmt(load["max"], 1)))
    cal = data["calibration"]["effective_cores"]
    if cal:
        lines.append("Machine calibration (W0): 2 CPU-bound processes side by side ran %s x as fast as one alone "
                     "(median; min %s, max %s): the cores this host really delivered." % (_fmt(cal["median"]), _fmt(cal["min"]), _fmt(cal["max"])))
    lines.append("")
    for w in data["workloads"]:
        if w["key"] == "W0":
            continue
        lines.append("### %s: %s" % (w["key"], w["title"]))
        lines.append("")
        lines.append("| competitor | wall s (median) | min–max | x Subinterp | modules/s | CPU s | CPU ms/module | cores used | peak RSS MB | peak PSS MB | overhead CPU ms/module | exit codes |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for row in w["rows"]:
            lines.append("| %s | %s | %s–%s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                row["competitor"], _fmt(row["wall_s"]["median"]), _fmt(row["wall_s"]["min"]), _fmt(row["wall_s"]["max"]),
                _fmt(row["ratio_to_subinterp"]), _fmt(row.get("modules_per_s"), 1), _fmt(row["cpu_s"]["median"]),
                _fmt((row.get("cpu_ms_per_module") or {}).get("median"), 1), _fmt(row["cores_used"]["median"]),
                _fmt(row["peak_rss_mb"]["median"], 0), _fmt(row["peak_pss_mb"]["median"], 0),
                _fmt(row.get("overhead_cpu_ms_per_module"), 1), ",".join(str(c) for c in row["returncodes"])))
        subinterp_rows = [row for row in w["rows"] if row["subinterp"]]
        for row in subinterp_rows:
            s = row["subinterp"]
            if s.get("busy_shares"):
                lines.append("")
                lines.append("%s: slots busy %s (each run's slots); time on the slot outside the driver's run, medians: %s; findings (same in %s runs): %s" % (
                    row["competitor"], "; ".join(", ".join("%.0f%%" % (b * 100) for b in shares) for shares in s["busy_shares"] if shares),
                    ", ".join("%s %s ms" % (k[:-2], _fmt(v, 1)) for k, v in s["median_phases_ms"].items()),
                    s["same_findings"], "; ".join(s["findings"]) or "none"))
        if subinterp_rows:
            lines.append("")
            lines.append("Subinterp per module (medians over modules, then repetitions): " + "; ".join(
                "%s: module %s ms = create %s + driver %s + end %s (+ driver import, test import, transfer), worst create %s ms, verdicts %s" % (
                    row["competitor"], _fmt(row["subinterp"]["median_module_ms"], 1), _fmt(row["subinterp"]["median_create_ms"], 1),
                    _fmt(row["subinterp"]["median_driver_ms"], 1), _fmt(row["subinterp"]["median_end_ms"], 1),
                    _fmt(row["subinterp"]["max_create_ms"], 0), row["subinterp"]["verdicts"]) for row in subinterp_rows))
        lines.append("")
    diffs = data.get("w3_differences")
    if diffs is not None:
        lines.append("W3 outcomes: %d tests compared with `python -m test`; %d differ." % (diffs["tests_compared"], len(diffs["differences"])))
        for d in diffs["differences"][:40]:
            lines.append("- `%s`: Subinterp %s, regrtest %s (in %d of the comparisons)" % (d["test"], d["subinterp"], d["regrtest"], d["seen"]))
        lines.append("")
    lines.append(cpython_suite.markdown(data))
    lines.append("### Targets")
    lines.append("")
    lines.append("Each ratio is the median over repetitions of the two runs' ratio within one repetition.")
    lines.append("")
    lines.append("| target | measured | goal | met | how |")
    lines.append("| --- | ---: | --- | --- | --- |")
    for t in data["targets"]:
        lines.append("| %s | %s | %s | %s | %s |" % (t["target"], _fmt(t["value"]), t["goal"], "yes" if t["met"] else "**no**", t["how"]))
    lines.append("")
    return "\n".join(lines)
