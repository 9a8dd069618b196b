"""An isolated subinterpreter refuses fork and exec: test errors, not crashes. Spawning a
process (subprocess, posix_spawn) is allowed."""

import os
import subprocess
import sys
import unittest


class ForkExecTests(unittest.TestCase):
    def test_fork(self):
        os.fork()

    def test_exec(self):
        os.execv(sys.executable, [sys.executable, "-c", "pass"])

    def test_subprocess_is_allowed(self):
        done = subprocess.run([sys.executable, "-c", "print('child')"], capture_output=True, text=True, check=True)
        self.assertEqual(done.stdout, "child\n")
