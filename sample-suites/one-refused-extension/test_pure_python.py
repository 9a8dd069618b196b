"""Does not touch fastcodec: no finding."""
import unittest


class PurePythonTests(unittest.TestCase):
    def test_hex(self):
        self.assertEqual(b"\x0f".hex(), "0f")
