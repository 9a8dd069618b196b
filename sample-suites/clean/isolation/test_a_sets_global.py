"""Isolation proof, part 1 of 2: mutate interpreter-level state.

Sets a `sys` attribute, a `builtins` attribute and an attribute on a shared stdlib module
(`json`). All of this is per-interpreter state: a fresh interpreter starts without it. Nothing
here touches process-wide state (os.environ, cwd, fds, ...), so this module is not a "leak".

Part 2 is test_b_checks_global.py (named so it sorts and runs after this one). Each module
passes when it runs in a fresh interpreter. Run both in ONE interpreter and part 2 fails:

    cd sample-suites/clean
    python -m unittest isolation.test_a_sets_global isolation.test_b_checks_global
    # -> FAILED (failures=3): the markers set here are visible there.
"""
import builtins
import json
import sys
import unittest

MARKER = "set"


class SetsGlobalState(unittest.TestCase):
    def test_set_sys_attribute(self):
        sys.subinterp_marker = MARKER
        self.assertEqual(sys.subinterp_marker, MARKER)

    def test_set_builtins_attribute(self):
        builtins.subinterp_marker = MARKER
        self.assertEqual(subinterp_marker, MARKER)  # noqa: F821  (found through builtins)

    def test_set_stdlib_module_attribute(self):
        json.subinterp_marker = MARKER
        self.assertEqual(json.subinterp_marker, MARKER)
