"""Allocates memory until something stops it. Bounded (3 GiB, in 64 MiB steps) so that a run
without --memory-limit cannot take the machine down: it then fails instead."""

import time
import unittest

STEP = 64 * 1024 * 1024
BOUND = 3 * 1024 * 1024 * 1024


class MemoryBombTests(unittest.TestCase):
    def test_a_passes(self):
        pass

    def test_b_allocates_without_end(self):
        hoard = []
        while len(hoard) * STEP < BOUND:
            hoard.append(b"\x01" * STEP)  # written, so it is resident
            time.sleep(0.02)
        self.fail("allocated %d MiB and nobody stopped it: run with --memory-limit" % (len(hoard) * STEP >> 20))
