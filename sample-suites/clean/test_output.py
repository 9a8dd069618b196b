"""Tests that write to stdout/stderr: small, ~5 MB, and non-UTF-8 bytes. All pass."""
import sys
import unittest


class OutputTests(unittest.TestCase):
    def test_prints_to_stdout_and_stderr(self):
        print("hello from stdout")
        print("hello from stderr", file=sys.stderr)

    def test_prints_five_megabytes(self):
        line = "x" * 1023 + "\n"  # 1 KiB per line
        for _ in range(5 * 1024):
            sys.stdout.write(line)
        sys.stdout.flush()

    def test_writes_non_utf8_bytes(self):
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        data = b"\xff\xfe not utf-8: \xc3\x28 \x80\n"
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # stdout replaced by a text-only stream: write the same bytes lossily
            sys.stdout.write(data.decode("latin-1"))
