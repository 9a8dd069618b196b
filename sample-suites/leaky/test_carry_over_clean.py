"""Reads the counter without changing it, and changes its own module object only."""
import unittest

import _leaky_native


class CarryOverClean(unittest.TestCase):
    def test_reads_counter(self):
        self.assertGreaterEqual(_leaky_native.bumps, 0)

    def test_module_attribute_is_per_interpreter(self):
        _leaky_native.note = "set on this interpreter's module object only"
