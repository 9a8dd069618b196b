"""Bounded stand-ins for sys.stdout / sys.stderr / sys.stdin.

A capture keeps the first `limit` bytes and only counts the rest, so a test that
prints 50 MB costs 50 MB of CPU but not of memory. Text and bytes (written via
.buffer) share one byte store so their order is kept."""

import io
import sys

TRUNCATION_MARKER = "\n[subinterp: output truncated, %d more bytes]\n"


class _Store:
    __slots__ = ("limit", "data", "dropped")

    def __init__(self, limit):
        self.limit = max(0, int(limit))
        self.data = bytearray()
        self.dropped = 0

    def add(self, chunk):
        room = self.limit - len(self.data)
        if room >= len(chunk):
            self.data += chunk
        else:
            if room > 0:
                self.data += chunk[:room]
            self.dropped += len(chunk) - max(room, 0)

    def text(self):
        out = self.data.decode("utf-8", "backslashreplace")
        if self.dropped:
            out += TRUNCATION_MARKER % self.dropped
        return out


def _byte_length(text):
    # Past the limit only the count matters: skip building a copy for ASCII.
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "backslashreplace"))


class CaptureBuffer(io.BufferedIOBase):
    """The .buffer of a CaptureStream: accepts bytes-like objects."""

    def __init__(self, store, name):
        super().__init__()
        self._store = store
        self.name = name
        self.mode = "wb"

    def write(self, b):
        if isinstance(b, str):
            raise TypeError("a bytes-like object is required, not 'str'")
        chunk = bytes(memoryview(b))
        self._store.add(chunk)
        return len(chunk)

    def writable(self):
        return True

    def readable(self):
        return False

    def seekable(self):
        return False

    def isatty(self):
        return False

    def fileno(self):
        raise io.UnsupportedOperation("fileno")

    def flush(self):
        pass

    def close(self):
        # Tests sometimes close sys.stdout; later writes must still work.
        pass

    def detach(self):
        raise io.UnsupportedOperation("detach")


class CaptureStream(io.TextIOBase):
    def __init__(self, limit, name):
        super().__init__()
        self._store = _Store(limit)
        self._buffer = CaptureBuffer(self._store, name)
        self._name = name

    @property
    def buffer(self):
        return self._buffer

    @property
    def name(self):
        return self._name

    @property
    def encoding(self):
        return "utf-8"

    @property
    def errors(self):
        return "backslashreplace"

    @property
    def newlines(self):
        return None

    @property
    def line_buffering(self):
        return False

    @property
    def mode(self):
        return "w"

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        store = self._store
        if len(store.data) >= store.limit:
            store.dropped += _byte_length(s)
        else:
            store.add(s.encode("utf-8", "backslashreplace"))
        return len(s)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def writable(self):
        return True

    def readable(self):
        return False

    def seekable(self):
        return False

    def isatty(self):
        return False

    def fileno(self):
        raise io.UnsupportedOperation("fileno")

    def flush(self):
        pass

    def close(self):
        pass

    def detach(self):
        raise io.UnsupportedOperation("detach")

    def reconfigure(self, **kwargs):
        # Accepted and ignored: the capture is always UTF-8 and never fails.
        pass

    def getvalue(self):
        return self._store.text()


class _NoBytes(io.BytesIO):
    # What a process's stdin is called: code that looks at sys.stdin.name (reprlib's
    # test_custom_repr) sees what it sees under `python -m test`.
    name = "<stdin>"


def EmptyInput():
    """sys.stdin for tests: always at EOF, so input() fails fast with EOFError instead of
    blocking on the worker's real stdin. A real TextIOWrapper named <stdin>, as a process's
    is, so code that dispatches on its type or name behaves as in a plain run; no descriptor."""
    return io.TextIOWrapper(_NoBytes(), encoding="utf-8", errors="strict")


class Redirect:
    """Swaps sys.stdout/sys.stderr for fresh captures; restore() puts back what
    was there before, even if the test replaced them in between."""

    def __init__(self, limit):
        self.stdout = CaptureStream(limit, "<stdout>")
        self.stderr = CaptureStream(limit, "<stderr>")
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout = self.stdout
        sys.stderr = self.stderr

    def restore(self):
        sys.stdout, sys.stderr = self._saved
        return self.stdout.getvalue(), self.stderr.getvalue()


def clip(text, limit):
    """Caps a driver-produced string (a traceback) like captured output."""
    if text is None:
        return None
    limit = max(int(limit), 16384)
    if len(text) <= limit:
        return text
    rest = text[limit:]
    return text[:limit] + TRUNCATION_MARKER % _byte_length(rest)
