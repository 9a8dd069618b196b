"""Points fd 0 (stdin) at /dev/null and leaves it there."""
import os
import unittest


class StdioLeak(unittest.TestCase):
    def test_redirects_stdin(self):
        fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(fd, 0)
        os.close(fd)
