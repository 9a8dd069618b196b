"""Competitor "fork server": the fastest process isolation on Linux.

A parent that has already imported unittest forks one child per test module,
at most -j children at a time; each child imports its module, runs its tests
and exits. Usage:

    python forkserver.py -j 2 [--path DIR] MODULE [MODULE ...]

Exit status 0 when every module passed, 1 otherwise. Per-module results are
printed as "MODULE ok|FAILED" lines on stdout.
"""

import os
import sys
import unittest

import common


def _child(module):
    # Runs in the forked child: everything here is thrown away with the process.
    try:
        __import__(module)
        suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module])
        with open(os.devnull, "w") as sink:
            result = unittest.TextTestRunner(stream=sink, verbosity=0).run(suite)
        ok = result.wasSuccessful()
    except BaseException:
        ok = False
    os._exit(0 if ok else 1)


def main():
    args = common.parse_args()
    pending = list(reversed(args.modules))
    running = {}
    failed = []
    while pending or running:
        while pending and len(running) < args.j:
            module = pending.pop()
            pid = os.fork()
            if pid == 0:
                _child(module)
            running[pid] = module
        pid, status = os.wait()
        module = running.pop(pid)
        ok = os.waitstatus_to_exitcode(status) == 0
        if not ok:
            failed.append(module)
        print(module, "ok" if ok else "FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
