"""A test that needs the C accelerator: on the fallback it fails, and the failure names the
package that fell back, which traces it to the refused extension."""
import unittest

import twinparse


class AcceleratorTests(unittest.TestCase):
    def test_encoder_type_is_exported(self):
        # Only the accelerator provides Encoder: on the fallback, twinparse has no such attribute.
        self.assertEqual(twinparse.Encoder.__module__, "twinparse._speedups")

    def test_quotes_on_whatever_loaded(self):
        self.assertEqual(twinparse.quote("ok"), '"ok"')
