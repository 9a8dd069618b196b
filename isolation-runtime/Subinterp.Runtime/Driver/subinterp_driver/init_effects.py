"""Process changes made by extension modules' initialisation.

The worker gives each fresh interpreter two C functions (in __main__, taken
out by the driver before any test code runs): begin(name) reads the process
state an init can change in C (the C environment, cwd, umask, stdio, signal
dispositions, locale, limits), end(init) reads it again and records the
difference as that extension's doing. begin(step) ("create_module NAME",
"exec_module NAME") answers False, and reads nothing, for a step of an
extension's initialisation that changed nothing the first time the worker read
around it: most of what pytest loads, in every module. The loader wrappers in unsafe_imports
call them around every extension's create and exec, passing who imported the
extension, so a change made there (readline's init sets COLUMNS, LINES and a
SIGWINCH handler even when the interpreter then refuses it) is reported once
by the worker, as `extension-effect` with that import chain, and is never
taken for the leak of the module that was running.
"""

import os
import sys

from . import hook_failures
from .unsafe_imports import SITE_DIRS, is_framework, is_machinery, stdlib_dirs

__subinterp_driver = True

BEGIN = "_subinterp_init_begin"
END = "_subinterp_init_end"


def take_hooks(*names):
    """The worker's functions, removed from __main__ so tests never see them (None when absent:
    the probe, or a plain process)."""
    main = sys.modules.get("__main__")
    namespace = getattr(main, "__dict__", {})
    return [namespace.pop(name, None) for name in names]


class InitEffects:
    def __init__(self, begin, end):
        self._begin = begin
        self._end = end
        # The test module's name, once known: where an import chain starts.
        self.under_test = None
        # A forked child (legacy mode allows fork) must not call into the parent's .NET runtime.
        self._pid = os.getpid()

    def begin(self, step):
        """True when end() must follow: the worker read the process (it does not for an extension
        whose initialisation changed nothing the first time this worker saw it)."""
        if self._begin is None or os.getpid() != self._pid:
            return False
        try:
            return bool(self._begin(step))
        except Exception as exc:
            hook_failures.failed("extension init begin", exc)
            return False

    def end(self, name, origin, frame):
        try:
            chain = import_chain(frame, name, self.under_test)
            self._end("%s\t%s\t%s" % (name, origin_of(origin), ">".join(chain)))
        except Exception as exc:
            hook_failures.failed("extension init end", exc)


# Test runners: where a chain starts, never part of it (their frames call the test, which imports).
_RUNNERS = ("unittest", "_pytest", "pytest", "pluggy")
# Runners whose own plugins import modules outside any test (unittest's imports happen only as a
# test runs: doctest's pdb there is the test's doing).
_FRAMEWORK_IMPORTERS = ("_pytest", "pytest", "pluggy")


def import_chain(frame, extension, under_test=None):
    """Who imported whom, outermost first, ending with the extension: the code
    whose import statement asked for it, then its callers and the modules whose
    top-level code is running, outward until the test code (a module outside
    the stdlib, or the module under test when known: included) or the test
    runner (unittest, pytest: left out).
    doctest -> pdb -> rlcompleter -> readline when doctest's import of pdb
    reaches readline (3.13); doctest -> pdb -> readline when a Pdb created while
    a doctest runs imports it (3.12)."""
    modules = []
    while frame is not None:
        # Code run from a string (the worker's bootstrap; exec("from m import *") in a test) is
        # nobody's module: its caller is what ran it.
        if not is_machinery(frame) and frame.f_code.co_filename != "<string>":
            name = frame.f_globals.get("__name__") or "?"
            if modules and name.split(".", 1)[0] in _RUNNERS:
                # Reached pytest's own code with no test code in between: the import is pytest's
                # (its debugging plugin importing pdb, which reaches readline), and the chain says
                # so, whichever of pytest's imports of the extension an interpreter made first.
                if name.split(".", 1)[0] in _FRAMEWORK_IMPORTERS:
                    modules.append(name)
                break
            if not modules or modules[-1] != name:
                modules.append(name)
            if _is_test_code(name, frame.f_code.co_filename, under_test):
                break  # the test code that started it
        frame = frame.f_back
    modules.reverse()
    if not modules or modules[-1] != extension:
        modules.append(extension)
    return modules


def _is_test_code(name, filename, under_test):
    if under_test:
        package = under_test.partition(".")[0]
        return name == under_test or name == package or name.startswith(package + ".")
    return not is_framework(name, filename)


def origin_of(path):
    """stdlib (or built in), third-party (site-packages) or test-code."""
    if not isinstance(path, str) or not os.path.isabs(path):
        return "stdlib"  # built-in, frozen
    real = os.path.normcase(os.path.realpath(path))
    if any(site in real for site in SITE_DIRS):
        return "third-party"
    if real.startswith(stdlib_dirs()):
        return "stdlib"
    return "test-code"
