"""Megabytes of output through sys.stdout (captured, capped) and straight to the process's
file descriptors 1 and 2 (C-level writes land in the worker's log, never in the protocol)."""

import os
import sys
import unittest


class OutputFloodTests(unittest.TestCase):
    def test_prints_twenty_megabytes(self):
        line = "x" * 1023 + "\n"
        for _ in range(20 * 1024):
            sys.stdout.write(line)

    def test_writes_megabytes_to_fd_1_and_2(self):
        block = b"y" * (1024 * 1024)
        for _ in range(4):
            os.write(1, block)
            os.write(2, block)
