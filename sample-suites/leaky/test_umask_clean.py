"""Sets the umask and restores it."""
import os
import unittest


class UmaskClean(unittest.TestCase):
    def test_sets_and_restores_umask(self):
        previous = os.umask(0o077)
        try:
            self.assertEqual(os.umask(0o077), 0o077)
        finally:
            os.umask(previous)
