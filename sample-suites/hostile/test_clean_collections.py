import collections
import unittest


class CollectionTests(unittest.TestCase):
    def test_counter(self):
        self.assertEqual(collections.Counter("aab")["a"], 2)

    def test_deque(self):
        self.assertEqual(collections.deque([1, 2, 3], maxlen=2), collections.deque([2, 3]))
