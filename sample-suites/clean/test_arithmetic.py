"""Plain passing unittest tests, including a class with setUp/tearDown."""
import unittest


def add(a, b):
    return a + b


class ArithmeticTests(unittest.TestCase):
    def test_add(self):
        self.assertEqual(add(2, 3), 5)

    def test_subtract(self):
        self.assertEqual(7 - 10, -3)

    def test_float_division(self):
        self.assertAlmostEqual(1 / 3, 0.3333333, places=6)


class StackTests(unittest.TestCase):
    def setUp(self):
        self.stack = [1, 2, 3]

    def tearDown(self):
        self.stack.clear()
        self.stack = None

    def test_push(self):
        self.stack.append(4)
        self.assertEqual(self.stack, [1, 2, 3, 4])

    def test_pop(self):
        self.assertEqual(self.stack.pop(), 3)
        self.assertEqual(len(self.stack), 2)

    def test_setup_is_fresh_per_test(self):
        # setUp runs before every test, so mutations by other tests are not visible.
        self.assertEqual(self.stack, [1, 2, 3])
