"""The bytecode settings the run's interpreters share a folder with.

With sys.dont_write_bytecode set (PYTHONDONTWRITEBYTECODE=1, common in CI images),
what is compiled is thrown away, and in a run where every test module has a fresh
interpreter it is compiled again in every module. The worker gives the pytest engine
a folder of its own (Hosting/RewriteCache.cs) where bytecode may go instead: the
settings switch to (dont_write_bytecode False, pycache_prefix that folder) only while
the import system reads or writes bytecode, never while test code runs, and only from
the settings the interpreter started with: a test that set sys.dont_write_bytecode or
sys.pycache_prefix itself gets exactly what it asked for."""

import sys

__subinterp_driver = True

# The interpreter's own (dont_write_bytecode, pycache_prefix), and the private ones.
_own = None
_private = None


def install(prefix):
    """Remembers the interpreter's settings, before pytest or any test code is imported.
    Without a prefix (the unittest engine), nothing."""
    global _own, _private
    if not prefix:
        return
    _own = (sys.dont_write_bytecode, sys.pycache_prefix)
    _private = (False, prefix)
    for function in (enter, leave):
        as_importlib(function)


def enter():
    """Switches to the private settings if the interpreter's own are in effect; returns
    whether it did (then leave() must follow)."""
    if _private is None or (sys.dont_write_bytecode, sys.pycache_prefix) != _own:
        return False
    sys.dont_write_bytecode, sys.pycache_prefix = _private
    return True


def leave():
    """Puts the interpreter's own settings back, unless code in between changed them."""
    if (sys.dont_write_bytecode, sys.pycache_prefix) == _private:
        sys.dont_write_bytecode, sys.pycache_prefix = _own


def as_importlib(function):
    """Labels a wrapper's frames as importlib's own, so that a failed import reads as in a
    plain process instead of naming a driver file: CPython cuts importlib's frames from the
    traceback of a failed import statement (remove_importlib_frames, Python/import.c), and
    pytest drops frames of generated code from an ImportError's (and, with the wrapper's
    local __tracebackhide__, from every report). Its module has no __file__
    (hide_from_tracers), so the stdlib's trace does not count its frames, and the audit notes
    take what it opens for the import system's (audit_notes.Sites.whose)."""
    function.__code__ = function.__code__.replace(co_filename="<frozen importlib._bootstrap_external>")
    return function
