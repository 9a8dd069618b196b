"""Uses fastcodec like any of its users would; passes on the accelerator or on the fallback."""
import unittest

import fastcodec

SAMPLE = b"x" * 100_000


class EncodeLargeTests(unittest.TestCase):
    def test_encodes_to_hex(self):
        self.assertEqual(fastcodec.encode(SAMPLE), SAMPLE.hex())

    def test_round_trips(self):
        self.assertEqual(fastcodec.decode(fastcodec.encode(SAMPLE)), SAMPLE)
