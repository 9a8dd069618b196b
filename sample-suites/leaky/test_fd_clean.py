"""Opens file descriptors and closes them."""
import os
import unittest


class FdClean(unittest.TestCase):
    def test_opens_and_closes_descriptor(self):
        fd = os.open(__file__, os.O_RDONLY)
        os.close(fd)

    def test_file_object_left_to_the_interpreter(self):
        # Never closed explicitly: the interpreter closes it when it ends, which is fine.
        self.handle = open(__file__, "rb")
