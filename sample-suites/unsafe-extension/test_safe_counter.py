"""Imports the multi-phase extension module: every interpreter gets its own counter from zero."""
import unittest

import _safe_counter


class SafeCounterTests(unittest.TestCase):
    def test_counts_from_zero_in_a_fresh_interpreter(self):
        self.assertEqual(_safe_counter.Counter.count, 0)
        self.assertEqual(_safe_counter.increment(), 1)
        self.assertEqual(_safe_counter.increment(), 2)
        self.assertEqual(_safe_counter.Counter.count, 2)
        self.assertEqual(_safe_counter.value(), 2)
