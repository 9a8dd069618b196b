"""Lowers the process's RLIMIT_FSIZE soft limit and keeps it."""
import resource
import unittest


def lowered(soft, hard):
    return (1 << 40) if soft == resource.RLIM_INFINITY else soft - 1


class RlimitLeak(unittest.TestCase):
    def test_lowers_fsize(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (lowered(soft, hard), hard))
