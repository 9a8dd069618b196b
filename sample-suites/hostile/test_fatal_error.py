"""A genuine "Fatal Python error" (Py_FatalError), which aborts the process.

Where ctypes can be imported (an isolated interpreter of 3.13 and later, any legacy one), the test
calls Py_FatalError itself. An isolated interpreter of 3.12 refuses ctypes (single-phase there), so
it makes a nested interpreter that still has a thread when it is destroyed: 3.12 aborts with
"Py_EndInterpreter: not the last thread" (3.14 no longer does: it refuses to destroy it)."""

import unittest

try:
    import ctypes
except ImportError:
    ctypes = None

try:
    import _interpreters as interpreters  # 3.13
except ImportError:
    import _xxsubinterpreters as interpreters  # 3.12


class FatalErrorTests(unittest.TestCase):
    def test_ends_in_a_fatal_error(self):
        if ctypes is not None:
            ctypes.pythonapi.Py_FatalError.argtypes = [ctypes.c_char_p]
            ctypes.pythonapi.Py_FatalError(b"test_fatal_error asked for it")
        nested = interpreters.create()
        interpreters.run_string(nested, "import _thread, time; _thread.start_new_thread(time.sleep, (30,))")
        interpreters.destroy(nested)
