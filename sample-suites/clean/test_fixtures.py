"""Module- and class-level fixtures that work, and tests that depend on them."""
import unittest

_MODULE_STATE = {}


def setUpModule():
    _MODULE_STATE["db"] = {"users": ["ada", "grace"]}


def tearDownModule():
    _MODULE_STATE.clear()


class FixtureTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.users = list(_MODULE_STATE["db"]["users"])
        cls.calls = []

    @classmethod
    def tearDownClass(cls):
        cls.users = None

    def test_module_fixture_ran(self):
        self.assertIn("db", _MODULE_STATE)

    def test_class_fixture_ran(self):
        self.assertEqual(self.users, ["ada", "grace"])

    def test_class_state_is_shared(self):
        self.calls.append("x")
        self.assertGreaterEqual(len(self.calls), 1)
