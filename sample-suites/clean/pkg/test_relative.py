"""Relative imports from a test module inside a package."""
import unittest

from . import helpers
from .helpers import double


class RelativeImportTests(unittest.TestCase):
    def test_from_dot_helpers_import(self):
        self.assertEqual(double(21), 42)

    def test_from_dot_import_helpers(self):
        self.assertEqual(helpers.greet("world"), "hello, world")

    def test_package_name(self):
        self.assertEqual(__package__, "pkg")
