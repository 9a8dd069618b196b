"""Changes process-wide state for a while and puts it back, as careful tests do (unittest.mock,
test.support's guards): the variable, the descriptors and the threads are as they were when the
module ends. Running beside leaky modules, it is never blamed for their leaks, and they are
never blamed for its temporary changes. (It leaves the current directory alone: a module that
moves the process and moves it back can undo a leaky neighbour's chdir inside its window, where
no snapshot sees it; docs/leaks-and-unsafe-modules.md, "A limit of concurrent checks".)"""
import os
import threading
import time
import unittest
from unittest import mock


class WellBehaved(unittest.TestCase):
    def test_temporary_variable(self):
        with mock.patch.dict(os.environ, {"CAUSES_TEMPORARY": "1"}):
            time.sleep(0.2)
            self.assertEqual("1", os.environ["CAUSES_TEMPORARY"])

    def test_descriptors_closed(self):
        read, write = os.pipe()
        try:
            os.write(write, b"x")
            time.sleep(0.2)
            self.assertEqual(b"x", os.read(read, 1))
        finally:
            os.close(read)
            os.close(write)

    def test_thread_joined(self):
        done = threading.Event()
        worker = threading.Thread(target=done.wait, args=(0.2,), name="causes-joined")
        worker.start()
        worker.join()
