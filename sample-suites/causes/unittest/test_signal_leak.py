"""Changes SIGUSR1's flags (SA_RESTART) and keeps them. signal.signal() refuses to run outside
the main interpreter; siginterrupt() does not, and changes the process's sigaction."""
import signal
import unittest


class SignalLeak(unittest.TestCase):
    def test_sets_restart_flag(self):
        signal.siginterrupt(signal.SIGUSR1, False)
