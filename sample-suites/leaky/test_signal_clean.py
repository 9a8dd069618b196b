"""Changes SIGUSR2's flags and restores them. Not SIGUSR1: at -j 2 this module runs beside
test_signal_leak, and clearing the flag that module sets would undo its leak inside its
before/after window, where no snapshot could see it."""
import signal
import unittest


class SignalClean(unittest.TestCase):
    def test_sets_and_clears_restart_flag(self):
        signal.siginterrupt(signal.SIGUSR2, False)
        signal.siginterrupt(signal.SIGUSR2, True)

    def test_main_interpreter_only_api_is_refused(self):
        with self.assertRaises(ValueError):
            signal.signal(signal.SIGUSR2, signal.SIG_IGN)
