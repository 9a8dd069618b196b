"""A real segmentation fault in C, from pure Python (ctypes cannot be imported in an isolated
3.12 subinterpreter): a code object whose LOAD_CONST reads past the end of an empty co_consts
tuple makes the eval loop dereference garbage."""

import unittest


class SegfaultTests(unittest.TestCase):
    def test_a_before_the_crash(self):
        self.assertEqual(2 + 2, 4)

    def test_b_segfaults_in_c(self):
        def returns_a_constant():
            # Not a small int: 3.14 loads those with LOAD_SMALL_INT, which never reads co_consts.
            return "a constant that is no small int"

        exec(returns_a_constant.__code__.replace(co_consts=()))

    def test_c_never_runs(self):
        pass
