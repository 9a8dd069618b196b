"""Lets the run's interpreters share the bytecode a plain process compiles and throws away.

With sys.dont_write_bytecode set (PYTHONDONTWRITEBYTECODE=1, common in CI images), a
source module without a .pyc of its own is compiled from source on every import, and
in a run where every test module has a fresh interpreter that is every module: the
package under test, again and again (toolz: ~25 ms of each module's CPU). Here, when
the plain loader would compile such a file, the compiled code is written to and read
from a folder private to the run's worker instead (sys.pycache_prefix, the stdlib's own
way to put bytecode elsewhere), so the run compiles each file once per worker. enter()
and leave() also switch the settings around pytest's rewritten test modules (rewrite_cache).

What tests see is what a plain process shows them:
* the settings change only inside SourceFileLoader.get_code of such a file (no test code
  runs in it), and go back as it returns; __cached__ and spec.cached are computed before
  it, with the interpreter's own settings;
* only while the settings are the ones the interpreter started with: a test that set
  sys.dont_write_bytecode or sys.pycache_prefix itself gets exactly what it asked for;
* only the stdlib's own SourceFileLoader (not a subclass: its source may not be the
  file's), and only a file with no .pyc where the interpreter would look for one
  (importlib.util.cache_from_source with the own settings): one that exists, even a
  stale one, is handled as a plain process handles it;
* only a source last modified more than _SETTLED seconds ago: a .pyc records its
  source's modification time in whole seconds and its size, so a file a test writes and
  rewrites within one second at the same size could be handed the bytecode of its
  earlier text; one that old cannot change unseen (short of os.utime setting its old time
  back), and a fresh one is compiled as a plain process compiles it;
* nothing is written beside the user's files; the folder is the worker's own, removed
  when it ends (Hosting/BytecodeCache.cs). The stdlib validates each .pyc against its
  source's modification time and size and writes it atomically (a temporary file,
  renamed), so slots writing the same file at once are safe.
Another thread of the module's interpreter importing during that get_code would see the
private settings (its import is cached too); no thread of another interpreter can.

The pytest engine only. The unittest engine gets no folder (Hosting/Slot.cs) and installs
nothing: the suites it runs include CPython's own test package, whose test_importlib,
test_import, test_compileall and test_py_compile inspect the import machinery this
patches (SourceFileLoader, what bytecode is written where and when, source files
rewritten and given chosen modification times); a difference there would be ours, not
the code under test's. pytest suites seldom test the import system, and are where the cost
was measured: there every module's interpreter compiled the package under test again."""

import os
import sys
import time
from importlib.machinery import SourceFileLoader
from importlib.util import cache_from_source

__subinterp_driver = True

# Seconds a source must have been left alone before its bytecode is cached (see above).
_SETTLED = 2.0

# The interpreter's own (dont_write_bytecode, pycache_prefix), and the private ones.
_own = None
_private = None

_get_code = SourceFileLoader.get_code


def install(prefix):
    """Remembers the interpreter's settings, before pytest or any test code is imported,
    and caches source modules' bytecode when they forbid writing it. Without a prefix
    (the unittest engine), nothing."""
    global _own, _private
    if not prefix:
        return
    _own = (sys.dont_write_bytecode, sys.pycache_prefix)
    _private = (False, prefix)
    for function in (enter, leave, get_code, _enter_for):
        as_importlib(function)
    if sys.dont_write_bytecode:
        SourceFileLoader.get_code = get_code


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


def get_code(self, fullname):
    __tracebackhide__ = True  # noqa: F841  (see as_importlib)
    if type(self) is not SourceFileLoader or not _enter_for(self.path):
        return _get_code(self, fullname)
    try:
        return _get_code(self, fullname)
    finally:
        leave()


def _enter_for(path):
    """enter(), for a source a plain process would compile (no .pyc where it looks, with
    the interpreter's own settings) and that has not changed for _SETTLED seconds."""
    try:
        if ((sys.dont_write_bytecode, sys.pycache_prefix) != _own or os.path.exists(cache_from_source(path))
                or time.time() - os.stat(path).st_mtime <= _SETTLED):
            return False
    except (OSError, ValueError, NotImplementedError):
        return False
    return enter()


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
