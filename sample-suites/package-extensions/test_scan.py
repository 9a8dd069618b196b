"""Uses twinparse like any of its users would; passes on the accelerators or on the fallback."""
import unittest

import twinparse


class ScanTests(unittest.TestCase):
    def test_scans_one(self):
        self.assertEqual(twinparse.scan("a"), ["a"])

    def test_scans_empty(self):
        self.assertEqual(twinparse.scan(""), [""])
