"""Builds a sample suite's C extension modules for the Python that runs this script.

    python3.13 sample-suites/build-extensions.py sample-suites/unsafe-extension OUT_DIR

Compiles every SUITE/ext/*.c into OUT_DIR/<name><EXT_SUFFIX>, and every SUITE/ext/<package>/*.c
into OUT_DIR/<package>/<name><EXT_SUFFIX> (an extension inside a package, like
simplejson._speedups), with gcc and this Python's headers (sysconfig's "include" path, i.e.
<sys.base_prefix>/include/python3.X). Nothing is linked against libpython: the subinterp worker
loads libpython with RTLD_GLOBAL, as the python executable does. Put OUT_DIR on PYTHONPATH when
running the suite. Built files never belong in the repository.
"""

import os
import subprocess
import sys
import sysconfig


def build(suite, out_dir):
    ext = os.path.join(suite, "ext")
    sources = sorted(
        os.path.relpath(os.path.join(folder, name), ext)
        for folder, _, names in os.walk(ext)
        for name in names
        if name.endswith(".c")
    )
    if not sources:
        raise SystemExit("no ext/*.c in %s" % suite)
    include = sysconfig.get_paths()["include"]
    if not os.path.exists(os.path.join(include, "Python.h")):
        raise SystemExit("%s has no Python.h: install this Python's development headers" % include)
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    os.makedirs(out_dir, exist_ok=True)
    built = []
    for relative in sources:
        source = os.path.join(ext, relative)
        target = os.path.join(out_dir, os.path.splitext(relative)[0] + suffix)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        command = ["gcc", "-shared", "-fPIC", "-O2", "-g", "-Wall", "-Werror", "-pthread",
                   "-I", include, source, "-o", target]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit("%s failed:\n%s%s" % (" ".join(command), result.stdout, result.stderr))
        built.append(target)
    return built


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    for path in build(sys.argv[1], sys.argv[2]):
        print(path)
