"""Imports the single-phase extension module directly."""
import unittest

import _unsafe_counter


class UnsafeCounterTests(unittest.TestCase):
    def test_increment(self):
        before = _unsafe_counter.value()
        self.assertEqual(_unsafe_counter.increment(), before + 1)
        self.assertEqual(_unsafe_counter.Counter.count, before + 1)
