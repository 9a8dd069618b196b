import unittest


class ArithmeticTests(unittest.TestCase):
    def test_add(self):
        self.assertEqual(1 + 1, 2)

    def test_divide(self):
        self.assertEqual(7 // 2, 3)
