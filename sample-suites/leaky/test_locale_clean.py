"""Changes LC_TIME and restores it."""
import locale
import unittest


class LocaleClean(unittest.TestCase):
    def test_sets_and_restores_lc_time(self):
        previous = locale.setlocale(locale.LC_TIME)
        try:
            locale.setlocale(locale.LC_TIME, "C.UTF-8")
        except locale.Error:
            self.skipTest("no C.UTF-8 locale on this machine")
        finally:
            locale.setlocale(locale.LC_TIME, previous)
