"""Imports a (non-stdlib) library whose initialisation installs a SIGUSR2 handler and exports
CAUSES_HOOKS_READY=1 for the whole process. The test module's code changes nothing itself: the
finding is the library's effect, with this import chain, and fails the run by default because the
library is code under test."""
import unittest

import _causes_hooks


class LibraryHooks(unittest.TestCase):
    def test_library_is_ready(self):
        self.assertEqual(1, _causes_hooks.ready)
