"""Changes the file-creation mask and keeps it."""
import os
import unittest


class UmaskLeak(unittest.TestCase):
    def test_sets_umask(self):
        os.umask(0o077)
