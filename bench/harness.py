"""Subinterp against the runners users would pick instead, in one run.

Every repetition runs every workload with every competitor, round-robin (the
order rotates each repetition), so that a slow spell of the host hits all
competitors alike. Results: OUT/results.json (every run and the medians) and
OUT/results.md (the tables). See bench/README.md.

    python harness.py --subinterp runner/.../subinterp.dll [--python EXE] [--reps 3] [-j 2]
"""

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import measure  # noqa: E402
import outcomes  # noqa: E402
import pytest_venv  # noqa: E402
import report  # noqa: E402
import cpython_suite  # noqa: E402
import workloads  # noqa: E402


def find_python(cli, request):
    """The interpreter `subinterp doctor` would use for this request: the bench
    measures the same CPython the product picks, found the same way."""
    out = subprocess.run(["dotnet", cli, "doctor", "--python", request], capture_output=True, text=True, check=True).stdout
    match = re.search(r"would use: CPython \S+ \((.+?)\) library", out)
    if not match:
        raise SystemExit("cannot read the Python from `subinterp doctor`:\n" + out)
    return match.group(1)


class Bench:
    def __init__(self, args, python):
        self.args = args
        self.python = python
        self.jobs = args.jobs
        self.scratch = tempfile.mkdtemp(prefix="subinterp-bench-")
        self.competitors = os.path.join(HERE, "competitors")
        self.runs = []

    # -- competitors ---------------------------------------------------------------------------

    def cli(self, cli=None):
        """How the CLI is started: the native executable when built (what the tool package
        installs), else `dotnet subinterp.dll`."""
        if cli is None and self.args.native:
            return [self.args.native]
        cli = cli or self.args.subinterp
        return ["dotnet", cli] if cli.endswith(".dll") else [cli]

    def subinterp(self, workload, jobs, tag, cli=None):
        report_path = os.path.join(self.scratch, "subinterp-%s-%s.json" % (workload.key, tag))
        state = tempfile.mkdtemp(prefix="state-", dir=self.scratch)  # no duration history: a first run
        command = self.cli(cli) + ["run", *workload.subinterp_paths, "-j", str(jobs),
                                   "--python", workload.python or self.python, "--engine", workload.engine,
                                   "--progress", "none", "--json", report_path, "--state-dir", state]
        return command, workload.cwd, report_path

    def as_typed(self, workload, cli=None, env=None):
        """`subinterp run test_one.py`: no --python (the locator picks, from its per-user record), no -j."""
        return self.cli(cli) + ["run", *workload.subinterp_paths], workload.cwd, None, env

    def first_run(self, workload):
        """As typed, with an empty per-user cache: every Python probed, the driver extracted and compiled."""
        cache = tempfile.mkdtemp(prefix="xdg-cache-", dir=self.scratch)
        return self.as_typed(workload, env=dict(os.environ, XDG_CACHE_HOME=cache))

    def pytest_per_module(self, workload, jobs):
        script = 'printf "%s\\n" "$@" | xargs -P {j} -n 1 {py} -m pytest -q -p no:cacheprovider'.format(j=jobs, py=workload.python)
        return ["bash", "-c", script, "bash", *workload.modules], workload.cwd, None

    def pytest_single(self, workload):
        return [workload.python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *workload.subinterp_paths], workload.cwd, None

    def process_per_module(self, workload, jobs):
        # What a user would type: one `python -m unittest MODULE` per module, -j at a time.
        script = 'printf "%s\\n" "$@" | xargs -P {j} -n 1 {py} -m unittest -q'.format(j=jobs, py=self.python)
        return ["bash", "-c", script, "bash", *workload.modules], workload.cwd, None

    def fork_server(self, workload, jobs):
        return [self.python, os.path.join(self.competitors, "forkserver.py"), "-j", str(jobs),
                "--path", workload.cwd, *workload.modules], workload.cwd, None

    def threads(self, workload, jobs):
        return [self.python, os.path.join(self.competitors, "threads_runner.py"), "-j", str(jobs),
                "--path", workload.cwd, *workload.modules], workload.cwd, None

    def one_interpreter(self, workload):
        return [self.python, "-m", "unittest", "-q", *workload.modules], workload.cwd, None

    def regrtest(self, workload, jobs, tag):
        junit = os.path.join(self.scratch, "regrtest-%s-%s.xml" % (workload.key, tag))
        work = tempfile.mkdtemp(prefix="regrtest-", dir=self.scratch)
        names = [m.split(".", 1)[1] for m in workload.modules]
        return [self.python, "-m", "test", "-j", str(jobs), "--junit-xml", junit, *names], work, junit

    def plan(self, workload):
        """(competitor name, command builder) for one workload, in the base order."""
        if workload.key == cpython_suite.KEY:
            return cpython_suite.entries(self, workload)
        j = self.jobs
        if workload.key == "W5":
            # --variant builds run as typed too, beside the native CLI (before/after in one run).
            variants = [("subinterp[%s] run test_one.py" % name, lambda tag, cli=cli: self.as_typed(workload, cli=cli))
                        for name, cli in self.args.variant]
            return [
                ("subinterp run test_one.py", lambda tag: self.as_typed(workload)),
                *variants,
                ("subinterp, first run (empty user cache)", lambda tag: self.first_run(workload)),
                ("dotnet subinterp.dll run test_one.py", lambda tag: self.as_typed(workload, cli=self.args.subinterp)),
                ("python -m unittest test_one", lambda tag: ([self.python, "-m", "unittest", "-q", "test_one"], workload.cwd, None)),
            ]
        entries = [("subinterp -j%d" % j, lambda tag: self.subinterp(workload, j, tag))]
        for name, cli in self.args.variant:
            # Other builds of Subinterp (an earlier commit, an optimisation switched off), side by side.
            entries.append(("subinterp[%s] -j%d" % (name, j), lambda tag, cli=cli: self.subinterp(workload, j, tag, cli)))
        if workload.key == "W4" or workload.key.startswith(("W7", "W8")):
            return entries + [
                ("subinterp -j1", lambda tag: self.subinterp(workload, 1, tag)),
                ("pytest per module -j%d" % j, lambda tag: self.pytest_per_module(workload, j)),
                ("one pytest process", lambda tag: self.pytest_single(workload)),
            ]
        if workload.key in ("W1", "W2"):
            entries.append(("subinterp -j1", lambda tag: self.subinterp(workload, 1, tag)))
        entries += [
            ("process per module -j%d" % j, lambda tag: self.process_per_module(workload, j)),
            ("fork server -j%d" % j, lambda tag: self.fork_server(workload, j)),
        ]
        if workload.key == "W3":
            entries.append(("python -m test -j%d" % j, lambda tag: self.regrtest(workload, j, tag)))
        entries += [
            ("one interpreter", lambda tag: self.one_interpreter(workload)),
            ("threads -j%d" % j, lambda tag: self.threads(workload, j)),
        ]
        return entries

    def calibration_plan(self):
        spin = os.path.join(self.competitors, "cpu_spin.py")
        one = [self.python, spin]
        two = ["bash", "-c", '"$0" "$1" & "$0" "$1" & wait', self.python, spin]
        return [("1 process", lambda tag: (one, self.scratch, None)),
                ("2 processes", lambda tag: (two, self.scratch, None))]

    # -- the run -------------------------------------------------------------------------------

    def run(self):
        pytest_workloads = {"W4", "W7", "W8"} & {k.strip().upper() for k in self.args.workloads.split(",")}
        venv = pytest_venv.create(self.python, self.scratch, self.args.pth) if pytest_workloads else None
        chosen = workloads.build(self.args.workloads, self.scratch, self.python, venv, self.args.pytest_suite)
        started = time.time()
        for rep in range(self.args.reps):
            for workload in [workloads.CALIBRATION] + chosen:
                entries = self.calibration_plan() if workload is workloads.CALIBRATION else self.plan(workload)
                if self.args.only and workload is not workloads.CALIBRATION:
                    prefixes = [p.strip() for p in self.args.only.split(",")]
                    entries = [e for e in entries if any(e[0].startswith(p) for p in prefixes)]
                shift = rep % len(entries)
                for name, build in entries[shift:] + entries[:shift]:
                    self._one(rep, workload, name, build)
            print("repetition %d done after %.0f s" % (rep + 1, time.time() - started), flush=True)
        return chosen

    def _one(self, rep, workload, name, build):
        tag = "%s-r%d" % (re.sub(r"\W+", "_", name), rep)
        command, cwd, artefact, *env = build(tag)
        result = measure.run(command, cwd=cwd, env=env[0] if env else None, interval=self.args.sample_interval, timeout=self.args.timeout)
        result.update(rep=rep, workload=workload.key, competitor=name)
        if artefact and os.path.exists(artefact) and workload.key == cpython_suite.KEY:
            result["w6"] = cpython_suite.details(artefact)
        elif artefact and os.path.exists(artefact):
            if artefact.endswith(".json"):
                result["subinterp"] = outcomes.subinterp_details(artefact)
            else:
                result["outcomes"] = outcomes.junit_outcomes(artefact)
        if artefact and artefact.endswith(".json") and _crashed_or_timed_out(artefact):
            # A rare crash is only understood from its report (the worker's stderr tail, the stacks).
            kept = os.path.join(self.args.out, "kept", "%s-%s" % (workload.key, os.path.basename(artefact)))
            os.makedirs(os.path.dirname(kept), exist_ok=True)
            shutil.copyfile(artefact, kept)
            result["kept_report"] = kept
            print("      a module crashed or timed out: report kept as " + kept, flush=True)
        print("  %-4s %-26s %7.2f s  cpu %6.2f s  peak rss %7.1f MB  rc %s" % (
            workload.key, name, result["wall_s"], result["cpu_s"], result["peak_rss_mb"], result["returncode"]), flush=True)
        if result["returncode"] not in (0, None) and workload.key != "W0":
            print("      stderr: " + result["stderr_tail"][-400:].replace("\n", "\n      "), flush=True)
        self.runs.append(result)


def _crashed_or_timed_out(report):
    try:
        with open(report) as f:
            summary = json.load(f).get("summary") or {}
    except (OSError, ValueError):
        return False
    return bool(summary.get("crashed") or summary.get("timedOut"))


def machine_facts(python):
    facts = {"platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        with open("/proc/cpuinfo") as f:
            facts["cpu"] = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
        with open("/proc/meminfo") as f:
            facts["memory_gb"] = round(int(f.readline().split()[1]) / 2**20, 1)
    except (OSError, StopIteration):
        pass
    facts["python"] = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"],
                                     capture_output=True, text=True).stdout.strip()
    facts["python_executable"] = python
    facts["dotnet"] = subprocess.run(["dotnet", "--version"], capture_output=True, text=True).stdout.strip()
    facts["PYTHONDONTWRITEBYTECODE"] = os.environ.get("PYTHONDONTWRITEBYTECODE")
    facts["pyc_state"] = pytest_venv.PYC_STATE
    return facts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subinterp", required=True, help="path of the built subinterp.dll")
    parser.add_argument("--native", default=None, help="path of the natively compiled subinterp (what the tool package installs); used for the subinterp rows when given")
    parser.add_argument("--python", default="3.13", help="CPython to benchmark: an executable, or a version resolved by `subinterp doctor`")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--workloads", default="W1,W2,W3,W4,W5")
    parser.add_argument("--out", default=os.path.join(HERE, "out"))
    parser.add_argument("--sample-interval", type=float, default=0.01, help="seconds between memory samples")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=DLL",
                        help="also run this other build (a subinterp.dll, or a native subinterp) as competitor subinterp[NAME] (repeatable)")
    parser.add_argument("--only", default=None, help="comma-separated competitor name prefixes to run (default: all)")
    parser.add_argument("--pytest-suite", action="append", default=[], metavar="NAME=DIR[:TESTS]",
                        help="W8: a public pytest suite's checkout (e.g. toolz=/tmp/toolz:toolz/tests), run from DIR (repeatable)")
    parser.add_argument("--pth", action="append", default=[], metavar="DIR",
                        help="also put DIR on the benchmark venv's path (a suite's package and its built extension)")
    args = parser.parse_args()
    args.subinterp = os.path.abspath(args.subinterp)
    args.native = os.path.abspath(args.native) if args.native else None
    args.variant = [(v.split("=", 1)[0], os.path.abspath(v.split("=", 1)[1])) for v in args.variant]
    python = args.python if os.path.isfile(args.python) else find_python(args.subinterp, args.python)
    measure.become_subreaper()
    bench = Bench(args, python)
    print("python %s, %d repetitions, -j %d, scratch %s" % (python, args.reps, args.jobs, bench.scratch), flush=True)
    started = time.time()
    try:
        chosen = bench.run()
        data = report.summarise(bench.runs, chosen, args.jobs)
        data["machine"] = machine_facts(python)
        data["command"] = " ".join([os.path.basename(sys.executable), "bench/harness.py"] + sys.argv[1:])
        data["repetitions"] = args.reps
        data["total_s"] = time.time() - started
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump(data, f, indent=1)
        markdown = report.markdown(data)
        with open(os.path.join(args.out, "results.md"), "w") as f:
            f.write(markdown)
        print()
        print(markdown)
    finally:
        if not args.keep:
            shutil.rmtree(bench.scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
