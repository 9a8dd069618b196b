"""Lowers RLIMIT_FSIZE's soft limit and restores it."""
import resource
import unittest


class RlimitClean(unittest.TestCase):
    def test_lowers_and_restores_fsize(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, ((1 << 40) if soft == resource.RLIM_INFINITY else soft - 1, hard))
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
