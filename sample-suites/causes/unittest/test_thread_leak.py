"""Starts a native thread (from C) that never ends: it outlives the interpreter."""
import unittest

import _causes_native


class ThreadLeak(unittest.TestCase):
    def test_starts_native_thread(self):
        _causes_native.start_thread()
