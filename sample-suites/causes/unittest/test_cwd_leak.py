"""Moves the process into a new directory and stays there."""
import os
import tempfile
import unittest


class CwdLeak(unittest.TestCase):
    def test_changes_directory(self):
        os.chdir(tempfile.mkdtemp(prefix="causes-leak-cwd-"))
