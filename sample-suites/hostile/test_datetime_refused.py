"""Uses datetime. On 3.12 an isolated interpreter refuses the single-phase _datetime after
running its initialisation, and the next import of _datetime in the process aborts it (double
free); datetime itself falls back to _pydatetime, so the tests pass. On 3.13 _datetime loads."""

import datetime
import unittest


class DatetimeTests(unittest.TestCase):
    def test_arithmetic(self):
        self.assertEqual(datetime.date(2024, 3, 1) - datetime.timedelta(days=1), datetime.date(2024, 2, 29))
