"""Where one module's CPU goes inside a fresh isolated interpreter, phase by phase,
measured with the calling thread's CPU clock (time.thread_time), so that a busy
host inflates the figures far less than wall time. CPython 3.13+ (_interpreters).

    python bench/phases.py --driver DIR [--pytest-module tests/test_x.py --root tests] [--reps 15]

DIR holds subinterp_driver/ (the worker extracts it to ~/.cache/subinterp/driver-*).
Phases: create the interpreter; import the driver (unittest with its deferred
helpers, json, the driver's modules); run it on a module (events to a pipe); end.
For comparison: a bare create+end, and with --pytest-module, `import pytest` plus
pytest.main on the same module without the driver. Run it with PYTHONMALLOC=mimalloc
to match the worker's allocator."""

import argparse
import json
import os
import statistics
import sys
import threading

import _interpreters


def cpu(action):
    import time
    start = time.thread_time()
    result = action()
    return (time.thread_time() - start) * 1000, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--driver", required=True)
    parser.add_argument("--pytest-module")
    parser.add_argument("--root")
    parser.add_argument("--reps", type=int, default=15)
    args = parser.parse_args()
    config = _interpreters.new_config("isolated")
    read, write = os.pipe()
    threading.Thread(target=lambda: [None for _ in iter(lambda: os.read(read, 65536), b"")], daemon=True).start()
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "phases")
    os.makedirs(folder, exist_ok=True)
    module_path = os.path.abspath(args.pytest_module) if args.pytest_module else os.path.join(folder, "test_phase.py")
    if not args.pytest_module:
        with open(module_path, "w") as f:
            f.write("import unittest\n\n\nclass T(unittest.TestCase):\n    def test_one(self):\n        self.assertEqual(1 + 1, 2)\n")
    root = os.path.abspath(args.root) if args.root else os.path.dirname(module_path)
    run_args = json.dumps({"fd": write, "slot": 0, "seq": 1, "module": os.path.splitext(os.path.basename(module_path))[0],
                           "path": module_path, "root": root, "engine": "pytest" if args.pytest_module else "unittest",
                           "outputLimit": 65536, "pycachePrefix": os.path.join(folder, "pyc")})
    phases = {}

    def record(name, value):
        phases.setdefault(name, []).append(value)

    for _ in range(args.reps):
        took, iid = cpu(lambda: _interpreters.create(config))
        record("create", took)
        record("driver import", cpu(lambda: _interpreters.exec(iid, "import sys; sys.path.insert(0, %r); import subinterp_driver.main as m" % args.driver))[0])
        record("driver run (module, events)", cpu(lambda: _interpreters.exec(iid, "m.run(%r)" % run_args))[0])
        record("end", cpu(lambda: _interpreters.destroy(iid))[0])
        bare = cpu(lambda: _interpreters.create(config))
        record("bare create + end", bare[0] + cpu(lambda: _interpreters.destroy(bare[1]))[0])
        if args.pytest_module:
            took, iid = cpu(lambda: _interpreters.create(config))
            record("without driver: import pytest", cpu(lambda: _interpreters.exec(iid, "import pytest"))[0])
            code = "import io, sys; sys.stdout = io.StringIO(); pytest.main([%r, '-q', '-p', 'no:cacheprovider', '-p', 'no:faulthandler']); sys.stdout = sys.__stdout__" % module_path
            record("without driver: pytest.main", cpu(lambda: _interpreters.exec(iid, code))[0])
            _interpreters.destroy(iid)
    print("CPython %s, %d lifecycles, CPU ms of the calling thread (median, min):" % (sys.version.split()[0], args.reps))
    for name, values in phases.items():
        print("  %-32s %7.1f %7.1f" % (name, statistics.median(values), min(values)))


if __name__ == "__main__":
    main()
