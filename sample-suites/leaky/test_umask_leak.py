"""Sets the process's umask and keeps it."""
import os
import unittest


class UmaskLeak(unittest.TestCase):
    def test_sets_umask(self):
        os.umask(0o027)
        self.assertEqual(os.umask(0o027), 0o027)
