"""Starts threads and lets them finish: a Python thread, and a native one that is joined."""
import threading
import unittest

import _leaky_native


class ThreadClean(unittest.TestCase):
    def test_python_thread_is_joined(self):
        thread = threading.Thread(target=sum, args=([1, 2, 3],))
        thread.start()
        thread.join()

    def test_native_thread_is_joined(self):
        _leaky_native.run_thread()

    def test_python_thread_left_running_until_interpreter_end(self):
        # Not joined here: CPython joins non-daemon threads when the interpreter ends.
        threading.Thread(target=threading.Event().wait, args=(0.2,)).start()
