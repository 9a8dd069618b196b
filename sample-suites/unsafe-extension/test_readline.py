"""Imports readline, a single-phase stdlib extension module."""
import unittest

import readline


class ReadlineTests(unittest.TestCase):
    def test_history_length(self):
        self.assertIsInstance(readline.get_history_length(), int)
