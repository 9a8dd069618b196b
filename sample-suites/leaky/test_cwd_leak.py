"""Changes the process's current directory and stays there."""
import os
import tempfile
import unittest


class CwdLeak(unittest.TestCase):
    def test_changes_directory(self):
        target = tempfile.mkdtemp(prefix="subinterp-leaky-cwd-")
        os.chdir(target)
        self.assertEqual(os.getcwd(), os.path.realpath(target))
