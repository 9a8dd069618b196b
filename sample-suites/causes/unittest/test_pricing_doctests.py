"""A module whose own docstrings are its tests.

>>> price(3, 0.5)
1.5
>>> price(3, 0.5, discount=0.2)
1.2
"""
import doctest
import unittest


def price(quantity, unit, discount=0.0):
    """Total price after a discount.

    >>> price(10, 2, discount=1.5)
    Traceback (most recent call last):
      ...
    ValueError: discount must be between 0 and 1
    """
    if not 0 <= discount <= 1:
        raise ValueError("discount must be between 0 and 1")
    return round(quantity * unit * (1 - discount), 2)


def load_tests(loader, tests, pattern):
    tests.addTests(doctest.DocTestSuite())
    return tests


class PriceTests(unittest.TestCase):
    def test_no_discount(self):
        self.assertEqual(6, price(3, 2))
