"""Starts a native thread (from C) that never ends: it outlives the interpreter."""
import unittest

import _leaky_native


class ThreadLeak(unittest.TestCase):
    def test_starts_native_thread(self):
        _leaky_native.start_thread()
