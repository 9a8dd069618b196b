"""Uses counter_compat, whose pure-Python fallback takes over when _unsafe_counter is refused.
Counting works either way; the C API capsule exists only with the accelerator."""
import unittest

import counter_compat


class CompatFallbackTests(unittest.TestCase):
    def test_counts(self):
        before = counter_compat.value()
        self.assertEqual(counter_compat.increment(), before + 1)

    def test_c_api(self):
        self.assertIsNotNone(counter_compat._C_API)
