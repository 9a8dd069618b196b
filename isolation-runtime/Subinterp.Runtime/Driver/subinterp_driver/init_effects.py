"""Process changes made by extension modules' initialisation.

The worker gives each fresh interpreter two C functions (in __main__, taken
out by the driver before any test code runs): begin() reads the process state
an init can change in C (the C environment, cwd, umask, stdio, signal
dispositions, locale, limits), end(init) reads it again and records the
difference as that extension's doing. The loader wrappers in unsafe_imports
call them around every extension's create and exec, passing who imported the
extension, so a change made there (readline's init sets COLUMNS, LINES and a
SIGWINCH handler even when the interpreter then refuses it) is reported once
by the worker, as `extension-effect` with that import chain, and is never
taken for the leak of the module that was running.
"""

import os
import sys

from .unsafe_imports import STDLIB_DIRS, SITE_DIRS, is_machinery

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
        # A forked child (legacy mode allows fork) must not call into the parent's .NET runtime.
        self._pid = os.getpid()

    def begin(self):
        """True when end() must follow."""
        if self._begin is None or os.getpid() != self._pid:
            return False
        try:
            self._begin()
            return True
        except Exception:
            return False

    def end(self, name, origin, frame):
        try:
            chain = import_chain(frame, name)
            self._end("%s\t%s\t%s" % (name, origin_of(origin), ">".join(chain)))
        except Exception:
            pass


def import_chain(frame, extension):
    """Who imported whom, outermost first, ending with the extension: where it
    started (a test function, the framework), the modules whose top-level code
    is on the stack, and the code whose import statement asked for it."""
    modules = []
    start = importer = None
    while frame is not None:
        # The worker's bootstrap script runs as __main__ from a string: not an importer.
        if not is_machinery(frame) and frame.f_code.co_filename != "<string>":
            name = frame.f_globals.get("__name__") or "?"
            if importer is None:
                importer = name
            if frame.f_code.co_name == "<module>":
                modules.append(name)
            start = name
        frame = frame.f_back
    modules.reverse()
    chain = []
    for name in [start] + modules + [importer, extension]:
        if name is not None and (not chain or chain[-1] != name):
            chain.append(name)
    return chain


def origin_of(path):
    """stdlib (or built in), third-party (site-packages) or test-code."""
    if not isinstance(path, str) or not os.path.isabs(path):
        return "stdlib"  # built-in, frozen
    real = os.path.normcase(os.path.realpath(path))
    if any(site in real for site in SITE_DIRS):
        return "third-party"
    if real.startswith(STDLIB_DIRS):
        return "stdlib"
    return "test-code"
