"""Changes the current directory and changes it back."""
import os
import tempfile
import unittest


class CwdClean(unittest.TestCase):
    def test_changes_directory_and_back(self):
        previous = os.getcwd()
        with tempfile.TemporaryDirectory(prefix="subinterp-clean-cwd-") as target:
            os.chdir(target)
            try:
                self.assertEqual(os.getcwd(), os.path.realpath(target))
            finally:
                os.chdir(previous)
