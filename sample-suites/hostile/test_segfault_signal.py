"""SIGSEGV sent to the test's own thread. (os.kill(os.getpid(), SIGSEGV) is a process-wide
signal that lands on whichever thread the kernel picks, usually one of the .NET runtime's.)"""

import signal
import threading
import unittest


class SegfaultSignalTests(unittest.TestCase):
    def test_sends_itself_sigsegv(self):
        signal.pthread_kill(threading.get_ident(), signal.SIGSEGV)
