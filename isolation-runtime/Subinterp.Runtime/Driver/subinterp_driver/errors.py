"""Turning exceptions into the one-line `message` and the `traceback` text."""

import traceback


def exception_name(exc_type):
    try:
        module = exc_type.__module__
        name = exc_type.__qualname__
    except Exception:
        return "<exception>"
    if module in ("builtins", "__main__") or not isinstance(module, str):
        return name
    return module + "." + name


def summary(exc_type, exc_value):
    """'AssertionError: 1 != 2' — the exception name and the first non-empty
    line of its text, the way a test list shows it."""
    name = exception_name(exc_type)
    try:
        text = str(exc_value) if exc_value is not None else ""
    except BaseException:
        text = "<exception str() failed>"
    first = ""
    for line in text.splitlines():
        if line.strip():
            first = line.strip()
            break
    if len(first) > 2000:
        first = first[:2000] + "..."
    return name + ": " + first if first else name


def format_exception(exc_value, skip_frames_of=()):
    """Formatted traceback; leading frames whose module globals contain one of
    the marker names (our own frames) are dropped, as unittest drops its own."""
    if isinstance(skip_frames_of, str):
        skip_frames_of = (skip_frames_of,)
    try:
        tb = exc_value.__traceback__
        while tb is not None and any(m in tb.tb_frame.f_globals for m in skip_frames_of or ()):
            tb = tb.tb_next
        return "".join(traceback.format_exception(type(exc_value), exc_value, tb))
    except BaseException:
        return summary(type(exc_value), exc_value) + "\n"
