"""A module using the load_tests protocol to add dynamically built tests."""
import unittest


class StaticTests(unittest.TestCase):
    def test_static(self):
        self.assertEqual(len("abc"), 3)


def _make_square_test(n):
    def test(self):
        self.assertEqual(n * n, n ** 2)
    return test


# Built at load time, not at import time: DynamicTests only exists through load_tests.
def _build_dynamic_case():
    attrs = {f"test_square_{n}": _make_square_test(n) for n in (1, 2, 3)}
    return type("DynamicTests", (unittest.TestCase,), attrs)


def load_tests(loader, standard_tests, pattern):
    suite = unittest.TestSuite()
    suite.addTests(standard_tests)
    dynamic = _build_dynamic_case()
    dynamic.__module__ = __name__
    suite.addTests(loader.loadTestsFromTestCase(dynamic))
    return suite
