"""Every test in this module is skipped, so the module's verdict is `skipped`."""
import unittest


@unittest.skip("whole class skipped")
class SkippedClassTests(unittest.TestCase):
    def test_one(self):
        self.fail("must not run")

    def test_two(self):
        self.fail("must not run")


class ConditionallySkippedTests(unittest.TestCase):
    @unittest.skipUnless(False, "condition never true")
    def test_skip_unless(self):
        self.fail("must not run")
