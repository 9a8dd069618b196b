"""Uses twinparse like any of its users would; passes on the accelerators or on the fallback."""
import unittest

import twinparse


class QuoteTests(unittest.TestCase):
    def test_quotes(self):
        self.assertEqual(twinparse.quote("a"), '"a"')

    def test_scans(self):
        self.assertEqual(twinparse.scan("a,b"), ["a", "b"])
