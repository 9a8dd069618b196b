"""Failures of the driver's own hooks, said instead of swallowed.

The driver's hooks run inside CPython's machinery and inside test code's own
calls: the audit hook (every open, putenv, chdir...), the loader wrappers
around every extension module's create and exec, the calls into the worker
around an extension's initialisation, the event listener. An exception of
theirs must never reach the test code (it would fail a test that did nothing
wrong), and must never pass unseen either: a broken hook quietly loses what it
was there to see. The first failure of each hook in an interpreter is sent as
a `hook-failed` event, which the orchestrator prints as a notice.
"""

import traceback

from . import protocol

__subinterp_driver = True

_emit = None
_said = set()
_busy = False


def attach(emitter):
    global _emit
    _emit = emitter.emit


def failed(hook, exc):
    """Called from a hook's `except`: reports `exc` once per hook, never raises."""
    global _busy
    if _emit is None or _busy or hook in _said:
        return
    _said.add(hook)
    _busy = True  # emitting calls the event listener, itself a hook
    try:
        _emit(protocol.HookFailed(hook=hook, message="%s: %s" % (type(exc).__name__, exc),
                                  traceback="".join(traceback.format_exception(type(exc), exc, exc.__traceback__))))
    except BaseException:
        pass
    finally:
        _busy = False
