"""unittest tests plus the library's doctests, the way many projects run them (load_tests and
doctest.DocTestSuite). doctest imports pdb, which imports rlcompleter, which tries readline: an
isolated interpreter refuses readline, but only after its init has set COLUMNS, LINES and a
SIGWINCH handler for the whole process. That is readline's doing, not this module's."""
import doctest
import unittest

import inventory


def load_tests(loader, tests, pattern):
    tests.addTests(doctest.DocTestSuite(inventory))
    return tests


class InventoryTests(unittest.TestCase):
    def test_counts_add_up(self):
        stock = inventory.Inventory()
        stock.add("fig", 2)
        stock.add("fig", 5)
        self.assertEqual(7, stock.count("fig"))

    def test_rejects_nothing(self):
        with self.assertRaises(ValueError):
            inventory.Inventory().add("fig", 0)
