"""Points fd 0 at /dev/null and puts the original back."""
import os
import unittest


class StdioClean(unittest.TestCase):
    def test_redirects_and_restores_stdin(self):
        saved = os.dup(0)
        fd = os.open(os.devnull, os.O_RDONLY)
        try:
            os.dup2(fd, 0)
        finally:
            os.close(fd)
            os.dup2(saved, 0)
            os.close(saved)
