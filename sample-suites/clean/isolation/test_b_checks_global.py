"""Isolation proof, part 2 of 2: none of the state set by test_a_sets_global is visible.

Passes in a fresh interpreter. Fails (3 failures) when run in the same interpreter after
test_a_sets_global:

    cd sample-suites/clean
    python -m unittest isolation.test_a_sets_global isolation.test_b_checks_global
"""
import builtins
import json
import sys
import unittest


class ChecksGlobalState(unittest.TestCase):
    def test_sys_attribute_absent(self):
        self.assertFalse(hasattr(sys, "subinterp_marker"),
                         "sys.subinterp_marker leaked in from another module's interpreter")

    def test_builtins_attribute_absent(self):
        self.assertFalse(hasattr(builtins, "subinterp_marker"),
                         "builtins.subinterp_marker leaked in from another module's interpreter")

    def test_stdlib_module_attribute_absent(self):
        self.assertFalse(hasattr(json, "subinterp_marker"),
                         "json.subinterp_marker leaked in from another module's interpreter")
