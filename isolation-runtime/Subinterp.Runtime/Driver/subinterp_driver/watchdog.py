"""A thread inside the module's own interpreter that notices when the module or
the running test overruns its time limit and reports the Python stacks of this
interpreter's threads in a `timeout` event; the orchestrator then stops the worker.

It runs whenever this interpreter's GIL can be taken (each isolated interpreter
has its own), so a test stuck in time.sleep, on a lock or in a pure-Python loop
is caught here. A test that holds the GIL inside C code starves it; the
orchestrator's backstop (faulthandler on the stuck thread) covers that case."""

import sys
import time
import traceback

from . import protocol

# Imported on first use: most runs set no time limit, and the driver stays lean.
threading = None

__subinterp_driver = True

_UNSAFE_NOTE = ("other subinterpreters were running in this process: sys._current_frames() "
                "would touch their frames and is not safe then")


class Watchdog:
    def __init__(self, emitter, module_limit, test_limit):
        self._emit = emitter.emit
        self._module_limit = module_limit
        self._test_limit = test_limit
        self._module_deadline = time.monotonic() + module_limit if module_limit else None
        self._test = None
        self._test_deadline = None
        self._stopped = False
        self._cond = threading.Condition()
        self._interpreters = _interpreters_module()
        # The slot thread, which runs the tests. (On 3.13 a subinterpreter's "MainThread" is
        # the process's main thread, and this one is a _DummyThread.)
        self._test_thread = threading.get_ident()
        # Not a daemon: isolated interpreters refuse daemon threads. stop() joins it.
        self._thread = threading.Thread(target=self._loop, name="subinterp-watchdog")

    @classmethod
    def start_for(cls, emitter, module_limit, test_limit):
        if not module_limit and not test_limit:
            return None
        global threading
        import threading
        dog = cls(emitter, module_limit or None, test_limit or None)
        emitter.listener = dog.on_event
        dog._thread.start()
        return dog

    def on_event(self, message):
        if message.TYPE == protocol.TestStart.TYPE:
            with self._cond:
                self._test = message.id
                if self._test_limit:
                    self._test_deadline = time.monotonic() + self._test_limit
                self._cond.notify()
        elif message.TYPE == protocol.TestEnd.TYPE:
            with self._cond:
                self._test = None
                self._test_deadline = None

    def stop(self):
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self._thread.join()

    def _loop(self):
        _name_native_thread()
        with self._cond:
            while True:
                if self._stopped:
                    return
                expired = self._expired(time.monotonic())
                if expired is not None:
                    break
                self._cond.wait(self._wait_seconds(time.monotonic()))
        scope, limit, test = expired
        stacks, note = capture_stacks(self._interpreters, threading.get_ident(), self._test_thread)
        self._emit(protocol.Timeout(scope=scope, limit=limit, id=test, stacks=stacks, detail=note))

    def _expired(self, now):
        if self._test_deadline is not None and now >= self._test_deadline:
            return "test", self._test_limit, self._test
        if self._module_deadline is not None and now >= self._module_deadline:
            return "module", self._module_limit, self._test
        return None

    def _wait_seconds(self, now):
        deadlines = [d for d in (self._test_deadline, self._module_deadline) if d is not None]
        return max(0.0, min(deadlines) - now) if deadlines else None


# The worker's process snapshots tell the runtime's threads from a module's by their native name
# (Leaks/NativeThreadState.cs): without this, the watchdog of a module running on another slot
# would look like a thread this module left behind.
NATIVE_NAME = "subinterp-watch"


def _name_native_thread():
    try:
        with open("/proc/self/task/%d/comm" % threading.get_native_id(), "w") as comm:
            comm.write(NATIVE_NAME)
    except (OSError, AttributeError):
        pass


def _interpreters_module():
    for name in ("_interpreters", "_xxsubinterpreters"):  # 3.13+, 3.12
        try:
            return __import__(name)
        except ImportError:
            continue
    return None


def capture_stacks(interpreters, skip_ident, test_ident):
    """(stacks text, None) or (None, why not). sys._current_frames() walks the
    threads of every interpreter in the process and makes frame objects for them
    here: while another subinterpreter runs Python that corrupts both (it crashed
    the process every time we tried, on 3.12 and 3.13). So it is used only when
    this is the one subinterpreter; otherwise the orchestrator gets the stacks
    from faulthandler."""
    try:
        if interpreters is None:
            return None, "no interpreters module to check that sys._current_frames() is safe"
        from . import interpreters_guard
        if len(interpreters_guard.original(interpreters, "list_all")()) > 2:  # the main interpreter and this one
            return None, _UNSAFE_NOTE
        frames = sys._current_frames()
        names = {t.ident: repr(t.name) for t in threading.enumerate()}
        names[test_ident] = "running the tests"
        parts = []
        for ident in sorted(frames, key=lambda i: (i != test_ident, i)):
            if ident == skip_ident:
                continue
            name = names.get(ident, "started with _thread")
            summary = traceback.StackSummary.extract((f, f.f_lineno) for f in _user_frames(frames[ident]))
            parts.append("Thread 0x%x (%s), most recent call last:\n%s" % (ident, name, "".join(summary.format())))
        return "\n".join(parts) or None, None
    except BaseException as exc:
        return None, "capturing the stacks failed: %r" % (exc,)


def _user_frames(frame):
    """Outermost first, without the driver's, unittest's and importlib's frames."""
    chain = []
    while frame is not None:
        chain.append(frame)
        frame = frame.f_back
    chain.reverse()
    kept = [f for f in chain if not _is_machinery(f)]
    return kept or chain


def _is_machinery(frame):
    g = frame.f_globals
    if "__subinterp_driver" in g or "__unittest" in g or "_subinterp_sys" in g:
        return True
    return frame.f_code.co_filename.startswith("<frozen importlib")
