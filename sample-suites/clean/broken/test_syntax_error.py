"""This module has a real SyntaxError: it can't be imported, so its verdict is `error`."""
import unittest


class NeverCollected(unittest.TestCase):
    def test_never_runs(self):
        self.assertTrue(True)


def broken(:
    pass
