"""Imports one accelerator itself: in an isolated subinterpreter the module cannot be imported."""
import unittest

from twinparse import _speedups


class DirectTests(unittest.TestCase):
    def test_quote(self):
        self.assertEqual(_speedups.quote("a"), '"a"')
