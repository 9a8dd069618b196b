"""Competitor "threads in one interpreter": -j threads pull test modules from a
shared queue and run them in the same interpreter, so they share one GIL (and
every module's global state). Usage:

    python threads_runner.py -j 2 [--path DIR] MODULE [MODULE ...]

Exit status 0 when every module passed, 1 otherwise.
"""

import sys
import threading
import unittest

import common


def main():
    args = common.parse_args()
    pending = list(reversed(args.modules))
    lock = threading.Lock()
    failed = []

    def worker():
        while True:
            with lock:
                if not pending:
                    return
                module = pending.pop()
            try:
                __import__(module)
                suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[module])
                result = unittest.TestResult()
                suite.run(result)
                ok = result.wasSuccessful()
            except BaseException:
                ok = False
            if not ok:
                with lock:
                    failed.append(module)

    threads = [threading.Thread(target=worker) for _ in range(args.j)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for module in failed:
        print(module, "FAILED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
