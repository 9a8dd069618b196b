"""Opens a descriptor with os.open and never closes it: no object owns it, it outlives the interpreter."""
import os
import unittest


class FdLeak(unittest.TestCase):
    def test_opens_descriptor(self):
        self.assertGreater(os.open(__file__, os.O_RDONLY), 2)
