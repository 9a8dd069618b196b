"""Changes SIGUSR1's flags and restores them."""
import signal
import unittest


class SignalClean(unittest.TestCase):
    def test_sets_and_clears_restart_flag(self):
        signal.siginterrupt(signal.SIGUSR1, False)
        signal.siginterrupt(signal.SIGUSR1, True)

    def test_main_interpreter_only_api_is_refused(self):
        with self.assertRaises(ValueError):
            signal.signal(signal.SIGUSR2, signal.SIG_IGN)
