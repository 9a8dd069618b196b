"""Every flavour of skip plus expected failures (xfail) and unexpected successes (xpass)."""
import sys
import unittest


class SkipTests(unittest.TestCase):
    @unittest.skip("skipped by decorator")
    def test_skip_decorator(self):
        self.fail("must not run")

    @unittest.skipIf(sys.version_info >= (3, 0), "skipped by skipIf on Python 3")
    def test_skip_if(self):
        self.fail("must not run")

    def test_skip_inside(self):
        self.skipTest("skipped from inside the test")
        self.fail("must not run")  # pragma: no cover

    @unittest.expectedFailure
    def test_expected_failure_fails(self):
        self.assertEqual(1, 2)  # fails as expected -> xfail

    @unittest.expectedFailure
    def test_expected_failure_passes(self):
        self.assertEqual(1, 1)  # passes unexpectedly -> xpass

    def test_passes(self):
        self.assertEqual("a".upper(), "A")
