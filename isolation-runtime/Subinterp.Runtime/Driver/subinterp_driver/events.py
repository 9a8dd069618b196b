"""Writes driver events to the slot's event channel (a socket to the orchestrator), one JSON object per line."""

import _thread
import json
import os
import time

from . import hook_failures


def safe_text(value):
    """Text that UTF-8 can always encode: lone surrogates (from surrogateescape'd
    paths, odd test data...) become \\udcXX escapes instead of breaking json."""
    if not isinstance(value, str):
        try:
            value = str(value)
        except BaseException:
            return "<unprintable %s>" % type(value).__name__
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _clean(value):
    if value is None or value is True or value is False:
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, dict):
        return {safe_text(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return safe_text(value)


class Emitter:
    """Writes protocol messages (protocol.py) for one module run of one host (protocol.DriverHost)."""

    def __init__(self, host):
        self._fd = int(host.fd)
        self._slot = host.slot
        self._seq = host.seq
        # Once the worker stops reading there is nobody left to tell; keep the
        # tests running instead of failing each emit.
        self._broken = False
        # The watchdog thread emits too: one line must never be split by another.
        self._lock = _thread.allocate_lock()
        # Called with each message before it is written (the watchdog follows tests).
        self.listener = None

    def emit(self, message):
        listener = self.listener
        if listener is not None:
            try:
                listener(message)
            except Exception as exc:
                hook_failures.failed("event listener", exc)
        if self._broken:
            return
        event = {"type": message.TYPE, "slot": self._slot, "seq": self._seq, "t": time.monotonic()}
        event.update(message.fields())
        try:
            line = json.dumps(_clean(event), ensure_ascii=False)
            with self._lock:
                self._write((line + "\n").encode("utf-8"))
        except OSError:
            self._broken = True

    def _write(self, data):
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
