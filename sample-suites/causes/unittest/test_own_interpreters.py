"""Creates and destroys an interpreter of its own, as CPython's test__interpreters does.

The runner keeps `_interpreters.destroy()` from ending interpreters the module did not create by
wrapping it in the module's interpreter; that wrapping is the runner's, never this module's leak.
"""
import unittest

try:
    import _interpreters as interpreters  # 3.13+
except ImportError:
    import _xxsubinterpreters as interpreters  # 3.12


class OwnInterpreters(unittest.TestCase):
    def test_create_and_destroy(self):
        interp = interpreters.create()
        interp_id = interp[0] if isinstance(interp, tuple) else interp
        interpreters.destroy(interp_id)
        ids = [entry[0] if isinstance(entry, tuple) else entry for entry in interpreters.list_all()]
        self.assertNotIn(int(interp_id), [int(i) for i in ids])
