"""Sets a C environment variable and removes it again."""
import os
import unittest


class EnvironClean(unittest.TestCase):
    def test_sets_and_restores_variable(self):
        os.environ["SUBINTERP_CLEAN_ENVIRON"] = "1"
        try:
            self.assertEqual(os.environ["SUBINTERP_CLEAN_ENVIRON"], "1")
        finally:
            del os.environ["SUBINTERP_CLEAN_ENVIRON"]
