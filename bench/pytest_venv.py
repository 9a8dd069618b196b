"""The venv W4 runs with: the benchmarked CPython plus pytest.

pytest comes from the base Python when it has one (pip-installed, so compiled), else
from the Debian pytest that scripts/fetch-python-deps.sh unpacks into .deps/, copied
into the scratch folder and compiled there: every competitor then loads the same
.pyc files for pytest and the stdlib, and compiles the project's own files itself
(PYTHONDONTWRITEBYTECODE=1 in this environment; Subinterp's pytest engine caches
rewritten test modules and the project's compiled package for the run, in its worker's
own folder; a plain pytest process cannot)."""

import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPS = os.path.join(REPO, ".deps", "python", "usr", "lib", "python3", "dist-packages")

PYC_STATE = ("stdlib and pytest (with its dependencies) compiled to .pyc beforehand; the benchmark's own test "
             "modules and package not (PYTHONDONTWRITEBYTECODE=%s): with it set, plain pytest compiles them in "
             "every process, Subinterp's pytest engine once per worker, into the worker's own folder"
             % os.environ.get("PYTHONDONTWRITEBYTECODE"))


def create(python, scratch, extra_paths=()):
    venv = os.path.join(scratch, "venv")
    has_pytest = subprocess.run([python, "-c", "import pytest"], capture_output=True).returncode == 0
    subprocess.run([python, "-m", "venv"] + (["--system-site-packages"] if has_pytest else []) + [venv], check=True)
    venv_python = os.path.join(venv, "bin", "python")
    if not has_pytest:
        if not os.path.isdir(os.path.join(DEPS, "_pytest")):
            subprocess.run(["bash", os.path.join(REPO, "scripts", "fetch-python-deps.sh")], check=True, stdout=subprocess.DEVNULL)
        deps = os.path.join(scratch, "deps")
        shutil.copytree(DEPS, deps)
        subprocess.run([python, "-m", "compileall", "-q", deps], check=True, stdout=subprocess.DEVNULL)
        site = subprocess.run([venv_python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              capture_output=True, text=True, check=True).stdout.strip()
        with open(os.path.join(site, "bench-deps.pth"), "w") as f:
            f.write(deps + "\n")
    if extra_paths:
        site = subprocess.run([venv_python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                              capture_output=True, text=True, check=True).stdout.strip()
        with open(os.path.join(site, "bench-extra.pth"), "w") as f:
            f.write("".join(os.path.abspath(path) + "\n" for path in extra_paths))
    subprocess.run([venv_python, "-c", "import pytest"], check=True)
    return venv_python


if __name__ == "__main__":
    print(create(sys.argv[1], sys.argv[2]))
