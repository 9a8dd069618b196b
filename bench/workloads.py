"""The workloads: what each competitor is asked to run.

W1  200 one-test unittest modules, generated: per-module overhead dominates.
W2  the 8 CPU-bound modules of sample-suites/cpu-bound (~1 s each): parallel scaling.
W3  a fixed list of CPython's own test modules, run from the installed `test`
    package: real work. Each was checked to pass both under `python -m unittest`
    and under Subinterp (isolated) on CPython 3.13.0.
W4  a generated real-style pytest project (pytest_suite.py): 14 modules, conftest
    fixtures, parametrisation, marks; run with pytest (a venv that imports it).
W5  one trivial unittest module, as a user types it: latency of one run.
W6  every third module of CPython's installed test package, against `python -m test`
    (cpython_suite.py).
W7  a generated pytest suite shaped like a C extension's own (ext_suite.py): 50 short modules,
    a package with a C accelerator, a conftest that sets a variable at import.
W8  public pytest suites given with --pytest-suite NAME=DIR[:TESTS] (toolz, wrapt: not fetched
    by the harness), run from their folder with the benchmark's venv.
W0  not a workload but the machine's calibration: the same CPU-bound script run
    once alone and twice side by side shows how many cores the host delivers.
"""

import os
import subprocess

import cpython_suite
import ext_suite
import pytest_suite

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

W1_MODULES = 200

# CPython test modules (files, not packages) that need no regrtest resource
# (-u), pass in an isolated subinterpreter and take 0.1-2 s each on this machine.
# Left out on purpose (see bench/README.md): modules whose unittest-mixin classes
# are named Test* (test_bisect, test_heapq, test_set, ...: the unittest engine
# also collects pytest-style Test* classes, so they gain erroring tests), and
# modules that import _testcapi (reported unsafe in an isolated interpreter).
W3_MODULES = [
    "test_textwrap", "test_string", "test_fnmatch", "test_shlex", "test_difflib", "test_pprint",
    "test_base64", "test_binascii", "test_colorsys", "test_copy", "test_keyword", "test_operator",
    "test_html", "test_htmlparser", "test_glob", "test_fractions", "test_struct", "test_zlib",
    "test_sort", "test_ordered_dict", "test_deque", "test_csv", "test_configparser", "test_urlparse",
]

_TEST_MODULE = """import unittest


class Test{n:03d}(unittest.TestCase):
    def test_one(self):
        self.assertEqual({n} + 1, {n1})
"""


class Workload:
    def __init__(self, key, title, modules, cwd, subinterp_paths, engine="unittest", python=None):
        self.key = key
        self.title = title
        self.modules = modules
        self.cwd = cwd
        self.subinterp_paths = subinterp_paths
        self.engine = engine
        # The interpreter this workload runs with, when not the benchmarked one itself (W4: its venv).
        self.python = python

    def describe(self):
        return {"key": self.key, "title": self.title, "modules": len(self.modules)}


CALIBRATION = Workload("W0", "machine calibration: a CPU-bound script, 1 alone vs 2 side by side", [], None, [])


def w1(scratch):
    folder = os.path.join(scratch, "w1")
    os.makedirs(folder, exist_ok=True)
    modules = []
    for n in range(W1_MODULES):
        name = "test_m%03d" % n
        with open(os.path.join(folder, name + ".py"), "w") as f:
            f.write(_TEST_MODULE.format(n=n, n1=n + 1))
        modules.append(name)
    return Workload("W1", "%d one-test unittest modules" % W1_MODULES, modules, folder, [folder])


def w2():
    folder = os.path.join(REPO, "sample-suites", "cpu-bound")
    modules = sorted(name[:-3] for name in os.listdir(folder) if name.startswith("test_") and name.endswith(".py"))
    return Workload("W2", "8 CPU-bound modules of ~1 s (sample-suites/cpu-bound)", modules, folder, [folder])


def w3(python, scratch):
    tests = subprocess.run([python, "-c", "import os, test; print(os.path.dirname(test.__file__))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    files = [os.path.join(tests, name + ".py") for name in W3_MODULES]
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        raise SystemExit("W3: the installed test package lacks " + ", ".join(missing))
    # Many of these tests write scratch files into the current folder: give them an empty one.
    folder = os.path.join(scratch, "w3")
    os.makedirs(folder, exist_ok=True)
    return Workload("W3", "%d CPython stdlib test modules (installed `test` package)" % len(files),
                    ["test." + name for name in W3_MODULES], folder, files)


def w4(scratch, venv_python):
    folder = os.path.join(scratch, "w4")
    modules = pytest_suite.write(folder)
    return Workload("W4", "%d-module pytest project (conftest fixtures, parametrisation, marks)" % len(modules),
                    modules, folder, ["tests"], engine="pytest", python=venv_python)


def w7(scratch, venv_python):
    folder = os.path.join(scratch, "w7")
    modules = ext_suite.write(folder, venv_python)
    return Workload("W7", "%d-module pytest suite of a C extension (accelerator, conftest variable at import)" % len(modules),
                    modules, folder, ["tests"], engine="pytest", python=venv_python)


def w8(spec, venv_python):
    """NAME=DIR[:TESTS]: a checkout's test modules (test_*.py under TESTS, default tests)."""
    name, _, where = spec.partition("=")
    folder, _, tests = where.partition(":")
    folder = os.path.abspath(folder)
    tests = tests or "tests"
    modules = sorted(os.path.relpath(os.path.join(root, f), folder)
                     for root, _, files in os.walk(os.path.join(folder, tests)) for f in files
                     if f.startswith("test_") and f.endswith(".py"))
    if not modules:
        raise SystemExit("--pytest-suite %s: no test_*.py under %s" % (spec, os.path.join(folder, tests)))
    return Workload("W8-" + name, "%s: %d modules of a public pytest suite" % (name, len(modules)),
                    modules, folder, [tests], engine="pytest", python=venv_python)


def w5(scratch):
    folder = os.path.join(scratch, "w5")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "test_one.py"), "w") as f:
        f.write(_TEST_MODULE.format(n=1, n1=2))
    return Workload("W5", "one trivial unittest module, as a user types it (no --python)", ["test_one"], folder, ["test_one.py"])


def build(keys, scratch, python, venv_python=None, suites=()):
    chosen = []
    for key in [k.strip().upper() for k in keys.split(",") if k.strip()]:
        if key == "W1":
            chosen.append(w1(scratch))
        elif key == "W2":
            chosen.append(w2())
        elif key == "W3":
            chosen.append(w3(python, scratch))
        elif key == "W4":
            chosen.append(w4(scratch, venv_python))
        elif key == "W5":
            chosen.append(w5(scratch))
        elif key == "W7":
            chosen.append(w7(scratch, venv_python))
        elif key == "W8":
            chosen.extend(w8(spec, venv_python) for spec in suites)
        elif key == cpython_suite.KEY:
            chosen.append(cpython_suite.build(python, scratch))
        else:
            raise SystemExit("unknown workload %s (W1, W2, W3, W4, W5, W6, W7, W8)" % key)
    return chosen
