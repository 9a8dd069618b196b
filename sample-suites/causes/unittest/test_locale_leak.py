"""Switches LC_NUMERIC for the whole process and keeps it."""
import locale
import unittest


class LocaleLeak(unittest.TestCase):
    def test_switches_numeric_locale(self):
        current = locale.setlocale(locale.LC_NUMERIC)
        locale.setlocale(locale.LC_NUMERIC, "C.UTF-8" if current != "C.UTF-8" else "C")
