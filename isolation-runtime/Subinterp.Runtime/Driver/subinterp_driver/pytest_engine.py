"""The pytest engine: pytest.main on the one file, with a plugin turning
pytest's hooks into driver events. pytest is imported only here, lazily."""

import os
import time

from . import audit_notes, bytecode_cache, capture, errors, protocol, rewrite_cache, selection, sourceinfo
from .context import error_kind
from .unsafe_imports import MODULE_IMPORT

__subinterp_driver = True


def _args(ctx):
    return (["--collect-only"] if ctx.collect_only else []) + [
        ctx.path,
        # faulthandler cannot be imported in a subinterpreter (3.12, 3.13).
        "-p", "no:faulthandler",
        # The cache directory would be shared by every slot running at once.
        "-p", "no:cacheprovider",
        # pytest's capture keeps all output in memory and fd capture would
        # redirect the whole process; the plugin installs bounded captures.
        "--capture=no",
        "-q", "--no-header", "--no-summary",
        "--rootdir", ctx.root,
        "-o", "console_output_style=classic",
    ]


def run(ctx):
    # Output from pytest itself (its terminal reporter, usage errors) lands here.
    outer = capture.Redirect(ctx.output_limit)
    plugin = None
    try:
        _cache_bytecode(ctx)
        import pytest

        plugin = _Plugin(ctx, pytest)
        code = pytest.main(_args(ctx), plugins=[plugin])
    except BaseException as exc:
        code = None
        kind = error_kind(exc)
        ctx.module_error("driver" if plugin is None or kind == "import" else kind, exc)
    finally:
        out, err = outer.restore()
    if plugin is not None:
        plugin.finish(code, out, err)


def _cache_bytecode(ctx):
    # Before pytest, its plugins and the code under test are imported: they all gain from it.
    try:
        bytecode_cache.install(ctx.pycache_prefix)
    except Exception as exc:
        ctx.driver_error(exc)


def _first_line(text):
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return None


def _longrepr_text(report):
    try:
        return report.longreprtext or None
    except Exception:
        return None


def _skip_reason(report):
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        reason = str(longrepr[2])
    else:
        reason = _first_line(_longrepr_text(report)) or ""
    for prefix in ("Skipped: ", "unittest.case.SkipTest: "):
        if reason.startswith(prefix):
            return reason[len(prefix):]
    return reason


def _crash_message(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    message = getattr(crash, "message", None)
    return _first_line(message) or _first_line(_longrepr_text(report))


def _raised(excinfo, pytest):
    """None for a failure the test asserted (AssertionError, pytest.fail); else the exception's
    type: what unittest would call an error, which the orchestrator does not run again alone."""
    if excinfo.errisinstance((AssertionError, pytest.fail.Exception)):
        return None
    kind = excinfo.type
    module = getattr(kind, "__module__", None)
    name = getattr(kind, "__qualname__", None) or getattr(kind, "__name__", "?")
    return name if module in (None, "builtins") else "%s.%s" % (module, name)


class _TestState:
    __slots__ = ("id", "start", "redirect", "reports", "subtests", "file", "line", "raised")

    def __init__(self, test_id, file, line):
        self.id = test_id
        self.start = time.perf_counter()
        self.redirect = None
        self.reports = {}
        self.subtests = []
        self.file = file
        self.line = line
        self.raised = None


class _Plugin:
    """pytest hook implementations; each body is guarded because an exception
    escaping a hook would become a pytest internal error."""

    def __init__(self, ctx, pytest):
        self.ctx = ctx
        self._pytest = pytest
        self._rootpath = ctx.root
        self._collect_excs = {}
        self._collect_failed = False
        self._module_skip = None
        self._collected = None
        self._collected_pending = True
        self._reported = set()
        self._current = None
        self._stopped_by = None
        self._internal_error = None
        self._module_nodeid = sourceinfo.relative_file(ctx.path, ctx.root)
        self._wanted = selection.matcher(ctx.select)
        self._selection_failed = False
        self._locations = None

    # -- ids and outcomes -----------------------------------------------------

    def _id(self, nodeid):
        head, bracket, param = nodeid.partition("[")
        parts = head.split("::")
        first = parts[0]
        if first == self._module_nodeid or not first:
            base = self.ctx.module
        else:
            base = first[:-3] if first.endswith(".py") else first
            base = base.replace("/", ".")
        return ".".join([base] + [p for p in parts[1:] if p]) + bracket + param

    def _verdict(self, state):
        setup = state.reports.get("setup")
        call = state.reports.get("call")
        teardown = state.reports.get("teardown")
        verdict = None
        if setup is not None and setup.failed:
            verdict = ("error", _crash_message(setup), _longrepr_text(setup))
        elif setup is not None and setup.skipped:
            if hasattr(setup, "wasxfail"):
                verdict = ("xfail", setup.wasxfail or _skip_reason(setup), None)
            else:
                verdict = ("skipped", _skip_reason(setup), None)
        elif call is not None:
            if call.failed:
                verdict = ("failed", _crash_message(call), _longrepr_text(call))
            elif call.skipped and hasattr(call, "wasxfail"):
                verdict = ("xfail", _crash_message(call) or call.wasxfail or None, _longrepr_text(call))
            elif call.skipped:
                verdict = ("skipped", _skip_reason(call), None)
            elif hasattr(call, "wasxfail"):
                verdict = ("xpass", call.wasxfail or "unexpected success", None)
            else:
                verdict = ("passed", None, None)
        if verdict is not None and verdict[0] in ("passed", "xpass"):
            failing = [s for s in state.subtests if s["outcome"] in ("failed", "error")]
            if failing:
                first = failing[0]
                verdict = (first["outcome"], "%s %s" % (first["description"], first["message"]),
                           first["traceback"])
        if teardown is not None and teardown.failed:
            tb = _longrepr_text(teardown)
            if verdict is None or verdict[0] in ("passed", "skipped", "xfail", "xpass"):
                verdict = ("error", _crash_message(teardown), tb)
            else:
                verdict = (verdict[0], verdict[1], "\n".join(t for t in (verdict[2], tb) if t))
        if verdict is None:
            verdict = ("error", "test finished without reporting an outcome", None)
        outcome, message, tb = verdict
        return outcome, message, self.ctx.clip(tb)

    def _subtest(self, state, report):
        try:
            description = report._sub_test_description()
        except Exception:
            description = "(<subtest>)"
        if report.failed:
            outcome, message, tb = "failed", _crash_message(report), _longrepr_text(report)
        elif report.skipped:
            outcome, message, tb = "skipped", _skip_reason(report), None
        else:
            outcome, message, tb = "passed", None, None
        state.subtests.append({"description": description, "outcome": outcome,
                               "message": message, "traceback": self.ctx.clip(tb)})

    # -- hooks ----------------------------------------------------------------

    def pytest_load_initial_conftests(self, early_config):
        # After pytest loaded its plugins and installed its rewriting hook, before the first
        # conftest is imported. The extension modules pytest loaded are the framework's: without
        # this, every module paid for a probe interpreter importing and comparing them all.
        try:
            if self.ctx.extensions is not None:
                self.ctx.extensions.framework_loaded()
            audit_notes.watch_imported()
            rewrite_cache.install(self.ctx.pycache_prefix)
        except Exception as exc:
            self.ctx.driver_error(exc)

    def pytest_configure(self, config):
        try:
            self._rootpath = str(config.rootpath)
        except Exception as exc:
            self.ctx.driver_error(exc)

    def pytest_exception_interact(self, node, call, report):
        try:
            excinfo = getattr(call, "excinfo", None)
            if excinfo is None:
                return
            broke = MODULE_IMPORT if call.when == "collect" else self._id(node.nodeid)
            self.ctx.watcher.report_chain(excinfo.value, broke)
            state = self._current
            if call.when == "call" and state is not None and getattr(report, "context", None) is None:
                state.raised = _raised(excinfo, self._pytest)
            if call.when == "collect":
                self._collect_excs[report.nodeid] = excinfo.value
        except Exception as exc:
            self.ctx.driver_error(exc)

    def pytest_collectreport(self, report):
        try:
            if report.failed:
                self._collect_failed = True
                self._collection_error(report)
            elif report.skipped and report.nodeid == self._module_nodeid:
                self._module_skip = _skip_reason(report)
        except Exception as exc:
            self.ctx.driver_error(exc)

    def _collection_error(self, report):
        exc = self._collect_excs.get(report.nodeid)
        cause = exc
        if exc is not None and isinstance(exc, self._pytest.Collector.CollectError) and exc.__cause__:
            cause = exc.__cause__
        if cause is None:
            kind, message = "collect", _first_line(_longrepr_text(report)) or "collection failed"
        else:
            kind = error_kind(cause)
            if kind == "import" and report.nodeid != self._module_nodeid:
                kind = "collect"
            message = errors.summary(type(cause), cause)
        self.ctx.emit(protocol.ModuleError(kind=kind, message=message,
                                           traceback=self.ctx.clip(_longrepr_text(report))))

    def pytest_collection_modifyitems(self, session, config, items):
        try:
            if self._wanted is None:
                return
            if selection.report_unmatched(self.ctx, self.ctx.select, [self._id(item.nodeid) for item in items]):
                self._selection_failed = True
                config.hook.pytest_deselected(items=list(items))
                items[:] = []
                return
            keep = [item for item in items if self._wanted(self._id(item.nodeid))]
            dropped = [item for item in items if not self._wanted(self._id(item.nodeid))]
            if dropped:
                config.hook.pytest_deselected(items=dropped)
            items[:] = keep
        except Exception as exc:
            self.ctx.driver_error(exc)

    def pytest_collection_finish(self, session):
        try:
            ids = [self._id(item.nodeid) for item in session.items]
            if self.ctx.collect_only:
                self._locations = [dict(zip(("file", "line"), self._where(item.location))) for item in session.items]
            if not ids and self._module_skip is not None:
                ids = [self.ctx.module]
            # Emitted with the first test, or at the end unless the import
            # failed: pytest calls this hook even when collection blew up.
            self._collected = ids
        except Exception as exc:
            self.ctx.driver_error(exc)

    def _where(self, location):
        file = line = None
        if location:
            file = sourceinfo.relative_file(os.path.join(self._rootpath, location[0]), self.ctx.root)
            if file is not None and isinstance(location[1], int):
                line = location[1] + 1
        return file, line

    def _flush_collected(self):
        ids, self._collected_pending = self._collected, False
        if self.ctx.collect_only:
            locations = self._locations if self._locations is not None and len(self._locations) == len(ids) \
                else [{"file": None, "line": None} for _ in ids]
            self.ctx.emit(protocol.Collected(tests=ids, locations=locations))
            return
        self.ctx.emit(protocol.Collected(tests=ids))
        if self._module_skip is not None and ids == [self.ctx.module]:
            self._emit_unrun(self.ctx.module, ("skipped", self._module_skip, None))

    def pytest_runtest_logstart(self, nodeid, location):
        try:
            if self._collected_pending and self._collected is not None:
                self._flush_collected()
            self._close_current(None)
            file, line = self._where(location)
            state = _TestState(self._id(nodeid), file, line)
            self._reported.add(nodeid)
            self.ctx.emit(protocol.TestStart(id=state.id))
            state.redirect = capture.Redirect(self.ctx.output_limit)
            state.start = time.perf_counter()
            self._current = state
        except Exception as exc:
            self.ctx.driver_error(exc)

    def pytest_runtest_logreport(self, report):
        try:
            state = self._current
            if state is None:
                return
            if getattr(report, "context", None) is not None and hasattr(report, "_sub_test_description"):
                self._subtest(state, report)
            else:
                state.reports[report.when] = report
        except Exception as exc:
            self.ctx.driver_error(exc)

    def pytest_runtest_logfinish(self, nodeid, location):
        try:
            self._close_current(None)
        except Exception as exc:
            self.ctx.driver_error(exc)

    def pytest_keyboard_interrupt(self, excinfo):
        try:
            # Session.Interrupted is pytest's own stop after collection errors
            # or -x/--maxfail, already visible in the reports: not an interrupt.
            if not isinstance(excinfo.value, self._pytest.Session.Interrupted):
                self._stopped_by = excinfo.value
        except Exception as exc:
            self.ctx.driver_error(exc)

    def pytest_internalerror(self, excrepr, excinfo):
        try:
            self._internal_error = (excinfo.value if excinfo is not None else None, str(excrepr))
        except Exception as exc:
            self.ctx.driver_error(exc)

    # -- end of the run -------------------------------------------------------

    def _close_current(self, verdict):
        state = self._current
        if state is None:
            return
        self._current = None
        duration = (time.perf_counter() - state.start) * 1000.0
        out, err = state.redirect.restore() if state.redirect else ("", "")
        outcome, message, tb = verdict or self._verdict(state)
        fields = dict(id=state.id, outcome=outcome, durationMs=round(duration, 3), message=message,
                      traceback=tb, stdout=out, stderr=err, file=state.file, line=state.line)
        if state.subtests:
            fields["subtests"] = state.subtests
        call = state.reports.get("call")
        if outcome == "failed" and call is not None and call.failed:
            fields["raised"] = state.raised
        self.ctx.emit(protocol.TestEnd(**fields))

    def _emit_unrun(self, test_id, verdict):
        outcome, message, tb = verdict
        self.ctx.emit(protocol.TestStart(id=test_id))
        self.ctx.emit(protocol.TestEnd(id=test_id, outcome=outcome, durationMs=0.0, message=message,
                                       traceback=tb, stdout="", stderr="", file=None, line=None))

    def finish(self, code, out, err):
        stopped = self._stopped_by
        if stopped is not None:
            summary = errors.summary(type(stopped), stopped)
            if self._current is not None:
                tb = errors.format_exception(stopped, skip_frames_of=("__subinterp_driver",))
                self._close_current(("error", summary, self.ctx.clip(tb)))
            kind = "interrupt" if isinstance(stopped, KeyboardInterrupt) else "exit"
            self.ctx.module_error(kind, stopped)
        elif self._internal_error is not None:
            exc, text = self._internal_error
            kind = error_kind(exc) if isinstance(exc, (SystemExit, KeyboardInterrupt)) else (
                "collect" if self._collected_pending else "fixture")
            message = errors.summary(type(exc), exc) if exc is not None else _first_line(text)
            self.ctx.emit(protocol.ModuleError(kind=kind, message=message, traceback=self.ctx.clip(text)))
        elif code is not None and int(code) == 4 and self._collected is None:
            # Usage error (a bad option in the project's addopts, say).
            self.ctx.emit(protocol.ModuleError(kind="collect", message=_first_line(err) or "pytest usage error",
                                               traceback=self.ctx.clip(err or out)))
        if self._current is not None:
            self._close_current(None)
        if self._collected_pending and self._collected is not None:
            failed = self._collect_failed or stopped is not None or self._internal_error is not None
            if self._collected or not failed:
                self._flush_collected()
        if self._collected and not self.ctx.collect_only:
            reported = self._reported_ids()
            remaining = [i for i in self._collected if i not in reported]
            verdict = ("not-run", "not run: the run stopped early", None)
            for test_id in remaining:
                self._emit_unrun(test_id, verdict)

    def _reported_ids(self):
        return {self._id(nodeid) for nodeid in self._reported} | (
            {self.ctx.module} if self._module_skip is not None else set())
