"""Imports the accelerator itself: in an isolated subinterpreter the module cannot be imported."""
import unittest

import _fastcodec_speedups


class DirectTests(unittest.TestCase):
    def test_encode(self):
        self.assertEqual(_fastcodec_speedups.encode(b"\x01"), "01")
