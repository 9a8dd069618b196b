"""subTest loops: one where every parameter passes, one where a single parameter fails."""
import unittest


class SubTestTests(unittest.TestCase):
    def test_all_params_pass(self):
        for n in range(5):
            with self.subTest(n=n):
                self.assertEqual(n * 2 // 2, n)

    def test_one_param_fails(self):
        for n in range(5):
            with self.subTest(n=n):
                # n == 3 is the single failing parameter
                self.assertNotEqual(n, 3)
