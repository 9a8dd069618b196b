"""A unittest TestResult that reports each test live as test-start / test-end.

unittest calls several add* methods per test (a failing test plus an erroring
tearDown, subtests, cleanups); they are gathered into one record and turned
into a single test-end when stopTest arrives."""

import time
import unittest
import unittest.case
import unittest.suite

from . import capture, errors, protocol, sourceinfo
from .unittest_tests import class_key, module_key

# Private classes, stable from 3.4 to 3.14; an empty tuple if one ever goes
# away keeps isinstance() working instead of breaking the import.
_SubTest = getattr(unittest.case, "_SubTest", ())
_ErrorHolder = getattr(unittest.suite, "_ErrorHolder", ())

# Passing subtests add little; keep the list bounded for loops of thousands.
_MAX_PASSED_SUBTESTS = 100
_MAX_SUBTESTS = 1000


def _safe_id(test):
    try:
        return str(test.id())
    except Exception:
        return repr(test)


def where(test, root):
    dt = getattr(test, "_dt_test", None)  # doctests added by load_tests
    if dt is not None:
        rel = sourceinfo.relative_file(getattr(dt, "filename", None), root)
        lineno = getattr(dt, "lineno", None)
        return rel, (lineno + 1 if rel and isinstance(lineno, int) else None)
    func = getattr(test, "plain_func", None)
    if func is None:
        name = getattr(test, "_testMethodName", None)
        func = getattr(type(test), name, None) if name else None
    return sourceinfo.locate(func, root) if func is not None else (None, None)


class _Record:
    __slots__ = ("test", "id", "start", "redirect", "problems", "skip", "xfail",
                 "xpass", "passed", "subtests", "failed_subtests", "passed_subtests",
                 "file", "line")

    def __init__(self, test, test_id, root):
        self.test = test
        self.id = test_id
        self.start = time.perf_counter()
        self.redirect = None
        self.problems = []  # (outcome, message, traceback)
        self.skip = None
        self.xfail = None
        self.xpass = False
        self.passed = False
        self.subtests = []
        self.failed_subtests = []
        self.passed_subtests = 0
        self.file, self.line = where(test, root)

    def verdict(self):
        """(outcome, message, traceback), or None when unittest reported nothing."""
        if self.problems:
            outcome, message, _ = self.problems[0]
            if len(self.problems) > 1:
                message = "%s (+%d more)" % (message, len(self.problems) - 1)
            return outcome, message, "\n".join(p[2] for p in self.problems if p[2])
        if self.failed_subtests:
            first = self.failed_subtests[0]
            message = "%s %s" % (first["description"], first["message"])
            if len(self.failed_subtests) > 1:
                message += " (+%d more failing subtests)" % (len(self.failed_subtests) - 1)
            return first["outcome"], message, first["traceback"]
        if self.skip is not None:
            return "skipped", self.skip, None
        if self.xfail is not None:
            return "xfail", self.xfail[0], self.xfail[1]
        if self.xpass:
            return "xpass", "unexpected success", None
        if self.passed:
            return "passed", None, None
        if self.subtests:
            # A subtest's skipTest() keeps unittest from reporting the parent.
            skips = [s for s in self.subtests if s["outcome"] == "skipped"]
            if len(skips) == len(self.subtests) and not self.passed_subtests:
                return "skipped", skips[0]["message"], None
            return "passed", None, None
        return None


def _describe_subtest(subtest):
    """A subtest's "(n=3)" text. Describing must never fail the test: str() of a
    parameter can raise (an int too long to print, a broken __repr__)."""
    try:
        return subtest._subDescription()
    except Exception:
        pass
    try:
        parts = []
        message = getattr(subtest, "_message", None)
        if isinstance(message, str):
            parts.append("[%s]" % message)
        for key, value in (getattr(subtest, "params", None) or {}).items():
            parts.append("%s=%s" % (key, _safe_repr(value)))
        return "(%s)" % " ".join(parts) if parts else "(<subtest>)"
    except Exception:
        return "(<subtest>)"


def _safe_repr(value):
    try:
        text = repr(value)
    except Exception:
        return "<%s, unprintable>" % type(value).__name__
    return text if len(text) <= 80 else text[:77] + "..."


class EventResult(unittest.TestResult):
    def __init__(self, ctx, tracker):
        super().__init__()
        self.ctx = ctx
        self.tracker = tracker
        self._current = None
        self._unfinished = None  # stopped without any outcome: see take_unfinished

    # -- helpers ---------------------------------------------------------------

    def _guard(self, exc):
        self.ctx.driver_error(exc)

    def _exc_text(self, err, test):
        try:
            text = self._exc_info_to_string(err, test)
        except Exception:
            text = errors.format_exception(err[1])
        return self.ctx.clip(text)

    def _problem(self, outcome, err, test):
        return outcome, errors.summary(err[0], err[1]), self._exc_text(err, test)

    def _close_open(self):
        """Ends whatever test is still open, so starts and ends stay paired."""
        if self._current is not None:
            self._end(self._current)
        self._flush_unfinished(None)

    def _begin(self, test):
        self._close_open()
        rec = _Record(test, _safe_id(test), self.ctx.root)
        self.tracker.started(test)
        self.ctx.emit(protocol.TestStart(id=rec.id))
        rec.redirect = capture.Redirect(self.ctx.output_limit)
        rec.start = time.perf_counter()
        self._current = rec
        return rec

    def _record_for(self, test):
        rec = self._current
        if rec is not None and rec.test is test:
            return rec
        # 3.12 reports class/method skips before (without) startTest.
        return self._begin(test)

    def _end(self, rec, verdict=None):
        self._current = None
        duration = (time.perf_counter() - rec.start) * 1000.0
        out, err = rec.redirect.restore() if rec.redirect else ("", "")
        verdict = verdict or rec.verdict()
        if verdict is None:
            rec.redirect = None
            self._unfinished = (rec, duration, out, err)
            return
        self._emit_end(rec, verdict, duration, out, err)

    def _emit_end(self, rec, verdict, duration, out, err):
        outcome, message, tb = verdict
        fields = dict(
            id=rec.id, outcome=outcome, durationMs=round(duration, 3),
            message=message, traceback=tb, stdout=out, stderr=err,
            file=rec.file, line=rec.line,
        )
        if rec.subtests:
            fields["subtests"] = rec.subtests
        self.ctx.emit(protocol.TestEnd(**fields))

    def _flush_unfinished(self, verdict):
        pending = self._unfinished
        if pending is None:
            return
        self._unfinished = None
        rec, duration, out, err = pending
        verdict = verdict or ("error", "test finished without reporting an outcome", None)
        self._emit_end(rec, verdict, duration, out, err)

    def take_unfinished(self, exc):
        """Ends the test a KeyboardInterrupt (or the like) escaped from: unittest
        lets those through, calling only stopTest on the way out."""
        if self._current is not None:
            self._end(self._current)
        if exc is not None:
            tb = self.ctx.clip(errors.format_exception(exc, skip_frames_of=("__unittest", "__subinterp_driver")))
            self._flush_unfinished(("error", errors.summary(type(exc), exc), tb))
        else:
            self._flush_unfinished(None)

    # -- unittest hooks --------------------------------------------------------

    def startTest(self, test):
        super().startTest(test)
        try:
            self._begin(test)
        except Exception as exc:
            self._guard(exc)

    def stopTest(self, test):
        try:
            rec = self._current
            if rec is not None and rec.test is test:
                self._end(rec)
        except Exception as exc:
            self._guard(exc)
        super().stopTest(test)

    def addSuccess(self, test):
        try:
            self._record_for(test).passed = True
        except Exception as exc:
            self._guard(exc)

    def addFailure(self, test, err):
        self._add_problem("failed", test, err)

    def addError(self, test, err):
        try:
            if isinstance(test, _ErrorHolder):
                self._fixture_problem(test, err=err)
                return
        except Exception as exc:
            self._guard(exc)
            return
        self._add_problem("error", test, err)

    def _add_problem(self, outcome, test, err):
        try:
            self.ctx.watcher.report_chain(err[1], _safe_id(getattr(test, "test_case", test)))
            if isinstance(test, _SubTest):
                self._subtest(test.test_case, test, outcome, err)
                return
            self._record_for(test).problems.append(self._problem(outcome, err, test))
        except Exception as exc:
            self._guard(exc)

    def addSkip(self, test, reason):
        try:
            if isinstance(test, _ErrorHolder):
                self._fixture_problem(test, reason=reason)
            elif isinstance(test, _SubTest):
                self._add_subtest_entry(test.test_case, test, "skipped", str(reason), None)
            else:
                self._record_for(test).skip = str(reason)
        except Exception as exc:
            self._guard(exc)

    def addExpectedFailure(self, test, err):
        try:
            self._record_for(test).xfail = (errors.summary(err[0], err[1]), self._exc_text(err, test))
        except Exception as exc:
            self._guard(exc)

    def addUnexpectedSuccess(self, test):
        try:
            self._record_for(test).xpass = True
        except Exception as exc:
            self._guard(exc)

    def addSubTest(self, test, subtest, err):
        try:
            if err is None:
                self._add_subtest_entry(test, subtest, "passed", None, None)
            else:
                self.ctx.watcher.report_chain(err[1], _safe_id(test))
                failed = test.failureException is not None and issubclass(err[0], test.failureException)
                self._subtest(test, subtest, "failed" if failed else "error", err)
        except Exception as exc:
            self._guard(exc)

    def addDuration(self, test, elapsed):
        pass  # measured ourselves, around setUp/tearDown too

    # -- subtests and fixtures -------------------------------------------------

    def _subtest(self, test, subtest, outcome, err):
        self._add_subtest_entry(test, subtest, outcome, errors.summary(err[0], err[1]),
                                self._exc_text(err, test))

    def _add_subtest_entry(self, test, subtest, outcome, message, tb):
        rec = self._record_for(test)
        description = _describe_subtest(subtest)
        entry = {"description": description, "outcome": outcome, "message": message, "traceback": tb}
        if outcome in ("failed", "error"):
            rec.failed_subtests.append(entry)
        elif outcome == "passed":
            rec.passed_subtests += 1
            if rec.passed_subtests > _MAX_PASSED_SUBTESTS:
                return
        if len(rec.subtests) < _MAX_SUBTESTS:
            rec.subtests.append(entry)

    def _fixture_problem(self, holder, err=None, reason=None):
        """setUpClass/setUpModule failing makes unittest skip the tests silently;
        report each of them. Failing teardowns become an extra test."""
        method, _, parent = holder.description.partition(" (")
        parent = parent[:-1] if parent.endswith(")") else parent
        if err is not None:
            self.ctx.watcher.report_chain(err[1], holder.description)
            verdict = ("error", "%s failed: %s" % (method, errors.summary(err[0], err[1])),
                       self._exc_text(err, holder))
        else:
            verdict = ("skipped", str(reason), None)
        if method == "setUpClass":
            victims = self.tracker.pending(lambda t: class_key(t) == parent)
        elif method == "setUpModule":
            victims = self.tracker.pending(lambda t: module_key(t) == parent)
        else:
            victims = []
        if not victims:
            victims = [_Synthetic("%s.%s" % (parent, method))]
        for test in victims:
            self.report_unrun(test, verdict)

    def report_unrun(self, test, verdict):
        """test-start + test-end for a test unittest will not run itself."""
        self._close_open()
        rec = _Record(test, _safe_id(test), self.ctx.root)
        self.tracker.started(test)
        self.ctx.emit(protocol.TestStart(id=rec.id))
        self._emit_end(rec, verdict, 0.0, "", "")


class _Synthetic:
    """Stands for a class/module fixture that failed outside any test."""

    def __init__(self, test_id):
        self._id = test_id

    def id(self):
        return self._id

