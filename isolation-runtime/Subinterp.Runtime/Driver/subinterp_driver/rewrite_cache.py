"""Lets pytest's assertion rewriting reuse its work across the run's interpreters.

pytest rewrites the asserts of every test module and conftest.py it imports and
caches the result as a .pyc, but writes nothing when sys.dont_write_bytecode is
set (PYTHONDONTWRITEBYTECODE=1, common in CI images): then every module's fresh
interpreter parses and rewrites them all again. While pytest's rewriting hook
imports a module, bytecode is written and read under a folder private to the
run's worker (sys.pycache_prefix, which pytest honours), never next to the
user's sources; the settings are put back as soon as that import ends, so
tests run with the interpreter's own. The cache is pytest's own format,
checked against each source's size and modification time, and written
atomically, so slots running at once share it safely."""

import sys

__subinterp_driver = True


def install(prefix):
    """Wraps the rewriting hook pytest put on sys.meta_path; a no-op without one
    (assertion rewriting off: --assert=plain) or without a prefix."""
    if not prefix:
        return
    for finder in sys.meta_path:
        cls = type(finder)
        if cls.__name__ == "AssertionRewritingHook" and cls.__module__.startswith("_pytest."):
            _wrap(finder, prefix)
            return


def _wrap(hook, prefix):
    original = hook.exec_module

    def exec_module(module):
        saved = sys.dont_write_bytecode, sys.pycache_prefix
        sys.dont_write_bytecode, sys.pycache_prefix = False, prefix
        try:
            return original(module)
        finally:
            sys.dont_write_bytecode, sys.pycache_prefix = saved

    hook.exec_module = exec_module
