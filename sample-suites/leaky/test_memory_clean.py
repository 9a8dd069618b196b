"""Allocates 2 MiB of C heap and frees it."""
import unittest

import _leaky_native


class MemoryClean(unittest.TestCase):
    def test_uses_two_mebibytes(self):
        _leaky_native.use_memory(2 * 1024 * 1024)
