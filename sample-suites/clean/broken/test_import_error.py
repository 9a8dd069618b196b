"""Imports a module that doesn't exist: ModuleNotFoundError, verdict `error`."""
import unittest

import subinterp_sample_module_that_does_not_exist  # noqa: F401


class NeverCollected(unittest.TestCase):
    def test_never_runs(self):
        self.assertTrue(True)
