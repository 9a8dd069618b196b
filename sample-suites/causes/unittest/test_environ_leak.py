"""Sets a variable in the process environment and never removes it."""
import os
import unittest


class EnvironLeak(unittest.TestCase):
    def test_sets_variable(self):
        os.environ["CAUSES_LEFT_BEHIND"] = "1"
