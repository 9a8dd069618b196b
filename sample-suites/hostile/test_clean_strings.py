import unittest


class StringTests(unittest.TestCase):
    def test_upper(self):
        self.assertEqual("abc".upper(), "ABC")

    def test_split(self):
        self.assertEqual("a,b".split(","), ["a", "b"])
