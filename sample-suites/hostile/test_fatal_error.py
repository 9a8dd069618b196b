"""A genuine "Fatal Python error" (Py_FatalError) from Python code: an interpreter that still has
a thread when it is destroyed aborts the process with "Py_EndInterpreter: not the last thread".
The driver protects the module's own interpreter from that (see test_thread_left_running), so
this module makes a nested interpreter of its own and destroys it."""

import unittest

try:
    import _interpreters as interpreters  # 3.13
except ImportError:
    import _xxsubinterpreters as interpreters  # 3.12


class FatalErrorTests(unittest.TestCase):
    def test_destroys_an_interpreter_that_still_has_a_thread(self):
        nested = interpreters.create()
        interpreters.run_string(nested, "import _thread, time; _thread.start_new_thread(time.sleep, (30,))")
        interpreters.destroy(nested)
