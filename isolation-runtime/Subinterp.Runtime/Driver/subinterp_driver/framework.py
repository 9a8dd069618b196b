"""Imports unittest into the fresh interpreter, cheaply.

Every module runs in a new interpreter, so unittest is imported once per module:
on CPython 3.13 that is about 40 ms, more than creating and ending the
interpreter. Most of it goes to three pure-Python stdlib modules that unittest
imports at the top but only uses when a test fails (pprint, difflib: diffs in
assertion messages; pprint alone pulls in dataclasses, inspect, dis, ast, ...)
or when run from the command line (argparse: unittest.main()). While unittest
is imported they are deferred: sys.modules gets the real module object, whose
code runs the first time any attribute of it is touched (as with
importlib.util.LazyLoader, without importing importlib.util and threading).
A test that uses them, or imports them itself, gets them fully loaded; a
passing test module never pays for them.

Only these modules are deferred, and only during the import of unittest: they
have no import-time side effects, so running their code later changes nothing
a test can observe except the time it takes, and the frames that run it. A
tracer or a profiler would see those frames (CPython's test_trace lists every
file its tracer counted, and found this one): as a test installs one
(sys.settrace, sys.setprofile, sys.monitoring.register_callback: each audited),
every module still deferred is loaded first, inside the audit hook, where
nothing is traced; it is then as loaded as in a plain process.
"""

import sys
import _thread

DEFERRED = frozenset({"argparse", "difflib", "pprint"})

_ModuleType = type(sys)


class _DeferredModule(_ModuleType):
    """A module whose code has not run yet; any attribute access runs it."""

    def __getattribute__(self, attr):
        _load(self)
        return object.__getattribute__(self, attr)

    def __setattr__(self, attr, value):
        _load(self)
        object.__setattr__(self, attr, value)

    def __delattr__(self, attr):
        _load(self)
        object.__delattr__(self, attr)


# Installing any of these makes the frames that run afterwards visible to test code.
_TRACING_EVENTS = frozenset({"sys.settrace", "sys.setprofile", "sys.monitoring.register_callback"})

_still_deferred = []


def _load(module):
    spec = object.__getattribute__(module, "__spec__")
    state = spec.loader_state
    # Other threads wait here until the code has run; the loading thread's own
    # accesses (the module's code reading its globals) pass straight through.
    with state["lock"]:
        if object.__getattribute__(module, "__class__") is not _DeferredModule or state["loading"]:
            return
        state["loading"] = True
        try:
            spec.loader.exec_module(module)
        except BaseException:
            # As after a failed import: the module is not left half-run in sys.modules.
            if sys.modules.get(spec.name) is module:
                del sys.modules[spec.name]
            raise
        finally:
            state["loading"] = False
        object.__setattr__(module, "__class__", _ModuleType)


class _DeferringLoader:
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        spec = module.__spec__
        spec.loader = self.loader
        module.__loader__ = self.loader
        spec.loader_state = {"lock": _thread.RLock(), "loading": False}
        module.__class__ = _DeferredModule
        _still_deferred.append(module)


class _DeferringFinder:
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name not in DEFERRED:
            return None
        for finder in sys.meta_path:
            if finder is _DeferringFinder or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        # Only plain source/bytecode modules: anything else is imported as usual.
        if spec.loader is None or not hasattr(spec.loader, "get_code") or spec.submodule_search_locations is not None:
            return None
        spec.loader = _DeferringLoader(spec.loader)
        return spec


def load_deferred():
    """Runs the code of every module still deferred. One that fails is left out of
    sys.modules (as after a failed import): its next import raises the error where
    the test can see it."""
    while _still_deferred:
        module = _still_deferred.pop()
        if type(module) is _DeferredModule:
            try:
                _load(module)
            except Exception:
                pass


def _load_before_tracing(event, args):
    if not _still_deferred or event not in _TRACING_EVENTS:
        return
    # The driver's own sys.monitoring tool (audit_notes) watches two functions only: it sees no frames.
    try:
        if sys._getframe(1).f_globals.get("__subinterp_driver"):
            return
    except ValueError:
        pass  # installed from C with no Python frame: a test's extension
    load_deferred()


def import_unittest():
    """Imports unittest with DEFERRED deferred; returns the unittest module."""
    if "unittest" in sys.modules:
        return sys.modules["unittest"]
    sys.meta_path.insert(0, _DeferringFinder)
    try:
        import unittest
    finally:
        sys.meta_path.remove(_DeferringFinder)
    if _still_deferred:
        sys.addaudithook(_load_before_tracing)
    return unittest


import_unittest()
