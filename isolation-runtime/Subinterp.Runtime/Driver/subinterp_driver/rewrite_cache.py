"""Lets pytest's assertion rewriting reuse its work across the run's interpreters.

pytest rewrites the asserts of every test module and conftest.py it imports and
caches the result as a .pyc, but writes nothing when sys.dont_write_bytecode is
set (PYTHONDONTWRITEBYTECODE=1, common in CI images): then every module's fresh
interpreter parses and rewrites them all again. While pytest's rewriting hook
reads or writes that .pyc, bytecode goes under the folder private to the run's
worker (bytecode_cache's private settings: sys.pycache_prefix, which pytest
honours), never next to the user's sources. The settings are put back before
the module's own code runs (pytest runs it with exec, which is shadowed in its
module for that), so its imports and tests see the interpreter's own, and the
modules it imports get the __cached__ a plain process gives them. The cache is
pytest's own format, checked against each source's size and modification time,
and written atomically, so slots running at once share it safely."""

import builtins
import sys

from .bytecode_cache import as_importlib, enter, leave

__subinterp_driver = True


def install(prefix):
    """Wraps the rewriting hook pytest put on sys.meta_path; a no-op without one
    (assertion rewriting off: --assert=plain) or without a prefix."""
    if not prefix:
        return
    for finder in sys.meta_path:
        cls = type(finder)
        if cls.__name__ == "AssertionRewritingHook" and cls.__module__.startswith("_pytest."):
            _wrap(finder, sys.modules[cls.__module__])
            return


def _wrap(hook, rewrite):
    original = hook.exec_module

    def exec_module(module):
        __tracebackhide__ = True  # noqa: F841  (see bytecode_cache.as_importlib)
        if not enter():
            return original(module)
        try:
            return original(module)
        finally:
            leave()

    def exec(*args, **kwargs):
        __tracebackhide__ = True  # noqa: F841
        leave()
        return builtins.exec(*args, **kwargs)

    hook.exec_module = as_importlib(exec_module)
    rewrite.exec = as_importlib(exec)
