"""One failing assertion, one unexpected exception (error), one pass."""
import unittest


class FailureTests(unittest.TestCase):
    def test_assertion_fails(self):
        self.assertEqual(1, 2)

    def test_raises_unexpected(self):
        raise ValueError("boom: unexpected exception in test")

    def test_passes(self):
        self.assertTrue(True)
