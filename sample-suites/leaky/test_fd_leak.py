"""Opens a file descriptor with os.open and never closes it: no object owns it, so it
outlives the interpreter."""
import os
import unittest


class FdLeak(unittest.TestCase):
    def test_opens_descriptor(self):
        fd = os.open(__file__, os.O_RDONLY)
        self.assertGreater(fd, 2)
