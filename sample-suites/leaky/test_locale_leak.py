"""Changes the process's LC_TIME locale and keeps it."""
import locale
import unittest


class LocaleLeak(unittest.TestCase):
    def test_sets_lc_time(self):
        try:
            locale.setlocale(locale.LC_TIME, "C.UTF-8")
        except locale.Error:
            self.skipTest("no C.UTF-8 locale on this machine")
        self.assertEqual(locale.setlocale(locale.LC_TIME), "C.UTF-8")
