"""Sets a C environment variable and never removes it (os.environ writes call putenv)."""
import os
import unittest


class EnvironLeak(unittest.TestCase):
    def test_sets_variable(self):
        os.environ["SUBINTERP_LEAKY_ENVIRON"] = "1"
        self.assertEqual(os.environ["SUBINTERP_LEAKY_ENVIRON"], "1")
