"""Imports an extension module whose module objects are per interpreter."""
import unittest

import _leaky_native


class SharedObjectClean(unittest.TestCase):
    def test_functions(self):
        self.assertTrue(callable(_leaky_native.run_thread))
