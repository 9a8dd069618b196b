"""os._exit(0) ends the worker process with a "success" code in the middle of a test."""

import os
import unittest


class ExitZeroTests(unittest.TestCase):
    def test_exits_with_zero(self):
        os._exit(0)
