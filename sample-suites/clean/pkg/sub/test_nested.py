"""Parent-relative import from a nested package."""
import unittest

from ..helpers import GREETING, double


class NestedTests(unittest.TestCase):
    def test_parent_relative_import(self):
        self.assertEqual(double(5), 10)
        self.assertEqual(GREETING, "hello")

    def test_package_name(self):
        self.assertEqual(__package__, "pkg.sub")
