"""Threads a module leaves running. Py_EndInterpreter joins threading's
non-daemon threads without a time limit and aborts the whole process ("not the
last thread") for any other thread, so the driver joins them with a bound and
reports those that outlive it; the worker then abandons the interpreter instead
of ending it and the orchestrator replaces the worker."""

import sys
import time

from . import protocol

__subinterp_driver = True


def settle(emit, limit):
    threading = sys.modules.get("threading")
    if threading is None:
        return  # no threading threads; raw _thread ones are the worker's to count
    try:
        # On 3.13 a subinterpreter's "MainThread" stands for the process's main thread and the
        # slot thread is a _DummyThread: neither is the module's.
        ours = {threading.current_thread(), threading.main_thread()}
        running = [t for t in threading.enumerate()
                   if t not in ours and not isinstance(t, threading._DummyThread)]
        deadline = time.monotonic() + limit
        for thread in running:
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [t for t in running if t.is_alive()]
        if alive:
            names = ", ".join("%r%s" % (t.name, " (daemon)" if t.daemon else "") for t in alive)
            emit(protocol.Leak(kind="thread",
                               detail="%d thread(s) still running %.1f s after the module finished: %s" % (len(alive), limit, names)))
    except Exception:
        pass
