"""Imports an extension module that hands every interpreter the same object (a C static)."""
import unittest

import _leaky_shared


class SharedObjectLeak(unittest.TestCase):
    def test_table(self):
        self.assertEqual(len(_leaky_shared.TABLE), 4096)
