"""A test that needs the C accelerator: on the fallback it fails, and the failure names the
package that fell back, which traces it to the refused extension."""
import unittest

import fastcodec


class AcceleratorTests(unittest.TestCase):
    def test_encoder_type_is_exported(self):
        # Only the accelerator provides Encoder: on the fallback, fastcodec has no such attribute.
        self.assertEqual(fastcodec.Encoder.__module__, "_fastcodec_speedups")

    def test_encodes_on_whatever_loaded(self):
        self.assertEqual(fastcodec.encode(b"ok"), "6f6b")
