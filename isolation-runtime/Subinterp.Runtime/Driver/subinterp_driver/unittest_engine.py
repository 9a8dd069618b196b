"""The default engine: import the module, collect as unittest discovery does
(plus pytest-style plain tests), run with a live-reporting result."""

import sys
import unittest
import warnings

from . import errors, plain_tests, protocol, selection
from .context import error_kind
from .unittest_result import EventResult, where
from .unittest_tests import Tracker, flatten

__subinterp_driver = True


def run(ctx):
    module = _import(ctx)
    if module is None:
        return
    loaded = _collect(ctx, module)
    if loaded is None:
        return
    suite, tests = loaded
    wanted = selection.matcher(ctx.select)
    if wanted is not None:
        if selection.report_unmatched(ctx, ctx.select, [_safe_id(t) for t in tests]):
            return
        tests = [t for t in tests if wanted(_safe_id(t))]
        # A flat suite still runs class and module fixtures around its tests.
        suite = unittest.TestSuite(tests)
    ids = [_safe_id(t) for t in tests]
    if ctx.collect_only:
        ctx.emit(protocol.Collected(tests=ids, locations=[_location(*where(t, ctx.root)) for t in tests]))
        return
    ctx.emit(protocol.Collected(tests=ids))
    _execute(ctx, suite, tests)


def _location(file, line):
    return {"file": file, "line": line}


def _safe_id(test):
    try:
        return str(test.id())
    except Exception:
        return repr(test)


def _import(ctx):
    try:
        # __import__ rather than importlib.import_module: CPython then trims the
        # importlib frames from the traceback of a failing import.
        __import__(ctx.module)
        return sys.modules[ctx.module]
    except unittest.SkipTest as exc:
        _module_skipped(ctx, exc)
    except BaseException as exc:
        ctx.module_error(error_kind(exc), exc)
    return None


def _module_skipped(ctx, exc):
    # Discovery turns a SkipTest raised at import into one skipped test.
    if ctx.collect_only:
        ctx.emit(protocol.Collected(tests=[ctx.module], locations=[_location(None, None)]))
        return
    ctx.emit(protocol.Collected(tests=[ctx.module]))
    ctx.emit(protocol.TestStart(id=ctx.module))
    ctx.emit(protocol.TestEnd(id=ctx.module, outcome="skipped", durationMs=0.0, message=str(exc),
                              traceback=None, stdout="", stderr="", file=None, line=None))


def _collect(ctx, module):
    loader = unittest.TestLoader()
    try:
        # load_tests gets the discovery pattern; some hand it on to loader.discover().
        loaded = loader.loadTestsFromModule(module, pattern=ctx.pattern)
        plain = plain_tests.collect(module) if ctx.plain_tests else []
        suite = unittest.TestSuite([loaded] + plain)
        tests = flatten(suite)
    except BaseException as exc:
        kind = error_kind(exc)
        ctx.module_error("collect" if kind == "import" else kind, exc)
        return None
    if loader.errors:
        # load_tests raised; unittest would run a placeholder that re-raises it.
        text = "\n".join(str(e) for e in loader.errors)
        last = [line for line in text.splitlines() if line.strip()]
        ctx.emit(protocol.ModuleError(kind="collect", message=last[-1] if last else "load_tests failed",
                                      traceback=ctx.clip(text)))
        return None
    return suite, tests


def _execute(ctx, suite, tests):
    tracker = Tracker(tests)
    result = EventResult(ctx, tracker)
    stopped_by = None
    try:
        with warnings.catch_warnings():
            # python -m unittest shows warnings once per location unless -W says otherwise.
            if not sys.warnoptions:
                warnings.simplefilter("default")
            suite.run(result)
    except BaseException as exc:
        # unittest lets KeyboardInterrupt through from tests, and any
        # BaseException from class/module fixtures.
        stopped_by = exc
    result.take_unfinished(stopped_by)
    if stopped_by is not None:
        kind = error_kind(stopped_by)
        ctx.module_error("fixture" if kind in ("import", "syntax") else kind, stopped_by)
        verdict = ("not-run", "not run: the run stopped at %s" % errors.summary(type(stopped_by), stopped_by), None)
    else:
        verdict = ("not-run", "not run: the test suite stopped before it (failfast, or a custom suite)", None)
    for test in tracker.pending():
        result.report_unrun(test, verdict)
