"""Bumps a counter that the extension keeps in a C static: the next interpreter that imports
the module sees the new value."""
import unittest

import _leaky_native


class CarryOverLeak(unittest.TestCase):
    def test_bumps_three_times(self):
        start = _leaky_native.bumps
        for _ in range(3):
            _leaky_native.bump()
        self.assertEqual(_leaky_native.bumps, start + 3)
