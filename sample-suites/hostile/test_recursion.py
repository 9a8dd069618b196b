"""Runaway recursion must end in RecursionError, never in a crash: slot threads have 256 MB
stacks, Python-to-Python calls do not use the C stack on 3.12+, and C recursion has its own limit."""

import sys
import unittest


def forever(n):
    return forever(n + 1)


class RecursionTests(unittest.TestCase):
    def test_runaway_recursion(self):
        forever(0)  # RecursionError: an error, not a crash

    def test_deep_recursion_with_a_raised_limit(self):
        def down(n):
            return n if n == 0 else down(n - 1) + 1

        old = sys.getrecursionlimit()
        sys.setrecursionlimit(200_000)
        try:
            self.assertEqual(down(100_000), 100_000)
        finally:
            sys.setrecursionlimit(old)

    def test_deep_c_recursion_is_refused(self):
        nested = []
        for _ in range(200_000):
            nested = [nested]
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(1_000_000)
        try:
            with self.assertRaises(RecursionError):
                repr(nested)
        finally:
            sys.setrecursionlimit(old)
