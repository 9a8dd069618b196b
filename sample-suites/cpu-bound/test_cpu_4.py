"""CPU-bound module 4 of 8: about 1 s of pure-Python work on CPython 3.13 (see README.md).

The amount of work is fixed (ROUNDS iterations of a xorshift32 generator folded into a 48-bit
checksum), never time-based, and the checksum is asserted so the work can't be skipped.
"""
import unittest

SEED = 5012360
ROUNDS = 1_550_000
EXPECTED = 241831856811088


def checksum(seed, rounds):
    x = seed & 0xFFFFFFFF or 1
    acc = 0
    for _ in range(rounds):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        acc = (acc * 31 + (x % 1000003)) & 0xFFFFFFFFFFFF
    return acc


class CpuBound4(unittest.TestCase):
    def test_checksum(self):
        self.assertEqual(checksum(SEED, ROUNDS), EXPECTED)
