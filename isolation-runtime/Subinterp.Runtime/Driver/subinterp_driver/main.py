"""Entry point the bootstrap (Driver/bootstrap.py) calls in every interpreter a
module runs in: subinterp_driver.main.run(args, host), args the orchestrator's
DriverArguments and host the DriverHost (protocol.py), both as parsed JSON.
Nothing may escape run(): a SystemExit reaching the worker's run-string call
would end the whole process.

run() returns the request for the cross-interpreter probe (extension_state),
or None; the worker reads it from the bootstrap's __main__."""

import os
import sys
import time

from . import framework  # noqa: F401  (first: imports unittest with its failure-only helpers deferred)
from . import capture, errors, hook_failures, interpreters_guard, regrtest_setup, stray_threads
from . import unittest_engine  # noqa: F401  (pytest_engine is imported only for pytest runs)
from .context import Context
from .events import Emitter
from .extension_state import ExtensionTracker
from . import audit_notes, init_effects, protocol
from .init_effects import InitEffects, take_hooks
from .unsafe_imports import Watcher
from .watchdog import Watchdog
from . import hide_from_tracers

__subinterp_driver = True


def run(args, host):
    started = time.perf_counter()
    hide_from_tracers()
    # First, before anything can fail: the worker's init hooks must never reach test code.
    begin, end, note = take_hooks(init_effects.BEGIN, init_effects.END, audit_notes.NOTE)
    emitter = None
    tracker = None
    try:
        host = protocol.DriverHost.parse(host)
        emitter = Emitter(host)
        hook_failures.attach(emitter)
        tracker = ExtensionTracker()
        args = protocol.DriverArguments.parse(args)
        audit_notes.install(note, args.path, args.root, isolated=args.mode != "legacy")
        _run(args, host, emitter, tracker, InitEffects(begin, end))
    except BaseException as exc:
        _report_failure(emitter, exc)
    finally:
        try:
            if emitter is not None:
                emitter.emit(protocol.ModuleEnd(durationMs=round((time.perf_counter() - started) * 1000.0, 3)))
        except BaseException:
            pass
    try:
        return tracker.probe_request() if tracker is not None else None
    except BaseException:
        return None


def _run(args, host, emitter, tracker, init_effects):
    module = str(args.module)
    init_effects.under_test = module
    engine = args.engine
    root = os.path.abspath(str(args.root))
    def loaded(extension, importer, by_code_under_test=True):
        # The pristine state first: the probe compares a fresh import with it, and the guard's wrappers are ours.
        tracker.loaded(extension, importer, by_code_under_test)
        interpreters_guard.guard(extension)

    ctx = Context(emitter, Watcher(emitter, loaded, module, init_effects), module, os.path.abspath(str(args.path)), root,
                  int(args.outputLimit), select=args.select, collect_only=bool(args.collectOnly), pattern=args.pattern,
                  pycache_prefix=host.pycachePrefix)
    ctx.extensions = tracker
    emitter.emit(protocol.ModuleStart(module=module, pid=os.getpid(), cpus=_cpus(), engine=engine))
    saved = (list(sys.path), sys.argv, sys.stdin, sys.stdout, sys.stderr)
    outer = None
    watchdog = None
    try:
        watchdog = Watchdog.start_for(emitter, args.moduleTimeout, args.testTimeout)
        ctx.watcher.install()
        # The watchdog imported _interpreters before the watcher was in place: the driver's import,
        # never probed, but guarded all the same.
        for interpreters in interpreters_guard.guard_loaded():
            tracker.loaded(interpreters, None, by_code_under_test=False)
        # As unittest discovery and pytest's prepend mode do: first, unless it is there already. A
        # second entry is not what a plain run has (test_venv copies every sys.path folder holding
        # os.py, and failed on the stdlib's second one, in a process too).
        if not _on_path(root):
            sys.path.insert(0, root)
        sys.argv = [ctx.path]
        # input() must fail fast, not wait on the worker's own stdin.
        sys.stdin = capture.EmptyInput()
        if regrtest_setup.applies(module, root):
            ctx.plain_tests = False
            _prepare_like_regrtest(host.seq or 0)
        # Import-time and between-test output: bounded, then dropped.
        outer = capture.Redirect(ctx.output_limit)
        if engine == "pytest":
            # A submodule import goes through the package's __path__: the driver's
            # folder need not be on sys.path any more.
            from . import pytest_engine
            hide_from_tracers()
            pytest_engine.run(ctx)
        else:
            unittest_engine.run(ctx)
    except BaseException as exc:
        ctx.driver_error(exc)
    finally:
        if outer is not None:
            outer.restore()
        sys.path[:] = saved[0]
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved[1:]
        if watchdog is not None:
            watchdog.stop()
        stray_threads.settle(emitter.emit, float(args.threadJoinTimeout))
        interpreters_guard.release()


def _on_path(folder):
    wanted = os.path.normcase(os.path.abspath(folder))
    return any(isinstance(entry, str) and entry and os.path.normcase(os.path.abspath(entry)) == wanted for entry in sys.path)


def _prepare_like_regrtest(seq):
    # A test.support that cannot be set up shows as the module's own import error next.
    try:
        regrtest_setup.prepare(seq)
    except Exception:
        pass


def _cpus():
    try:
        return sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None


def _report_failure(emitter, exc):
    """Bad arguments, or a failure in the reporting itself. Without an fd
    there is nobody to tell."""
    try:
        if emitter is not None:
            emitter.emit(protocol.ModuleError(kind="driver", message=errors.summary(type(exc), exc),
                                              traceback=errors.format_exception(exc)))
    except BaseException:
        pass
