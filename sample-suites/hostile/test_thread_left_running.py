"""Leaves a non-daemon thread (and a raw _thread one) running when the module ends.
Py_EndInterpreter would wait for the first forever and abort the process for the second; the
driver joins with a bound, reports them, and the worker abandons the interpreter."""

import _thread
import threading
import time
import unittest

_stop = threading.Event()


class ThreadLeftRunningTests(unittest.TestCase):
    def test_starts_a_thread_and_returns(self):
        threading.Thread(target=_stop.wait, args=(30,), name="sleeper").start()
        _thread.start_new_thread(time.sleep, (30,))
