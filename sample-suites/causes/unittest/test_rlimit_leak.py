"""Lowers the soft limit on core files and keeps it."""
import resource
import unittest


class RlimitLeak(unittest.TestCase):
    def test_lowers_core_limit(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
        resource.setrlimit(resource.RLIMIT_CORE, (0 if soft != 0 else 1, hard))
