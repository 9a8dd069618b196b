"""Catastrophic regex backtracking: _sre never releases the GIL, so no other thread of this
interpreter (the driver's watchdog included) runs until the worker is stopped from outside."""

import re
import unittest


class GilHogTests(unittest.TestCase):
    def test_catastrophic_backtracking(self):
        re.match(r"(a+)+$", "a" * 64 + "b")
