"""Leaks 2 MiB of C heap every time it runs: once per interpreter lifecycle. A single run shows
nothing; `--repeat-lifecycles 6` shows the growth per lifecycle."""
import unittest

import _leaky_native


class MemoryLeak(unittest.TestCase):
    def test_leaks_two_mebibytes(self):
        _leaky_native.leak_memory(2 * 1024 * 1024)
