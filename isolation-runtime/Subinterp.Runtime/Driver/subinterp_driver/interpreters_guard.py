"""Keeps test code from ending interpreters it did not create.

CPython's `_interpreters.destroy()` (`_xxsubinterpreters` on 3.12) ends any
interpreter but the main one, including one that another thread is running
in or is still creating: `Py_EndInterpreter` then aborts the whole process
("not the last thread"). CPython's own test__interpreters destroys every
interpreter it finds after each test. Beside it, that is the worker's other
interpreters: the neighbour module's, a probe, one being created. The worker
marks its interpreters running once they exist, which destroy() respects, but
an interpreter being created is not marked yet.

So when a module loads that extension, its destroy() is wrapped in the module's
interpreter: an interpreter this interpreter created (through create()), the
current one, or an id that names no interpreter goes to CPython's destroy(); any
other is refused with the error destroy() raises for a running interpreter. In
the main interpreter (a plain process: the comparison run) nothing is wrapped.
Under regrtest there are no other interpreters to find, so a test sees the same
thing either way, except for interpreters its own subinterpreters created.

Modules that manage interpreters take turns: the first create(), destroy() or
list_all() of a module waits until no other module of the worker is doing so,
and its turn ends with the module (release(), from the driver). Two such modules
side by side reached each other's interpreters through CPython (3.14's
test_interpreters.test_api beside test_channels: SIGSEGV; test__interpreters
listed the interpreters an InterpreterPoolExecutor beside it had made); under
regrtest each has a process of its own. The wait counts in the module's time.

list_all() leaves out the worker's other interpreters (3.13+: those an embedder
made, whence WHENCE_CAPI, but the current one): the neighbour module's, a probe,
a canary. A test then sees the same interpreters whatever ran beside it and at
any -j (the main one and its own, as with -j 1), and cannot reach the others.

Whoever imports the extension first, the guard is applied: the driver's own
watchdog imports it before the import watcher is in place (guard_loaded). A
--timeout run once left every module's destroy() unguarded: CPython 3.14's
test__interpreters then destroyed the interpreter a neighbour was creating
(that slot thread hung for good in CPython's PyThread_hang_thread) or one a
neighbour was using (SIGSEGV).
"""

import _thread
import os
import sys
import time

__subinterp_driver = True

# Read at import: the driver's modules lose __file__ once loaded (subinterp_driver.hide_from_tracers).
_HERE = os.path.dirname(os.path.abspath(__file__))

GUARDED = frozenset({"_interpreters", "_xxsubinterpreters"})

# Modules already wrapped in this interpreter, by id, with the functions they had: a mark on the
# module itself would be state the cross-interpreter probe sees (an attribute a fresh import
# lacks) and report as a carry-over.
_WRAPPED = {}


# The turn this interpreter holds (a folder: mkdir is atomic across the worker's interpreters, and
# needs no extension module), and the lock that makes its threads take it once.
_turn = None
_turn_lock = _thread.allocate_lock()


def _turn_path():
    # Per worker process: its pid and start time, so a worker that died holding a turn blocks no other.
    try:
        with open("/proc/self/stat", "rb") as stat:
            started = stat.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        started = "0"
    return os.path.join(_HERE, ".interpreters-%d-%s.turn" % (os.getpid(), started))


def _take_turn():
    global _turn
    if _turn is not None:
        return
    with _turn_lock:
        if _turn is not None:
            return
        path = _turn_path()
        while True:
            try:
                os.mkdir(path)
                break
            except FileExistsError:
                time.sleep(0.02)
        _turn = path


def release():
    """Ends this interpreter's turn, if it took one (the module is done)."""
    global _turn
    with _turn_lock:
        if _turn is not None:
            try:
                os.rmdir(_turn)
            except OSError:
                pass
            _turn = None


def guard_loaded():
    """Guards the interpreters modules already imported in this interpreter (by the driver); returns them."""
    loaded = [sys.modules[name] for name in sorted(GUARDED) if sys.modules.get(name) is not None]
    for module in loaded:
        guard(module)
    return loaded


def original(module, name):
    """The module's own function, as before the guard (the driver's watchdog must see every interpreter)."""
    return _WRAPPED.get(id(module), {}).get(name) or getattr(module, name, None)


def guard(module):
    if getattr(module, "__name__", None) not in GUARDED or id(module) in _WRAPPED:
        return
    create = module.create
    destroy = module.destroy
    get_current = getattr(module, "get_current", None)
    get_main = getattr(module, "get_main", None)
    list_all = getattr(module, "list_all", None)
    error = getattr(module, "InterpreterError", RuntimeError)
    # 3.13+: list_all() entries are (id, whence); an embedder's interpreters are WHENCE_CAPI.
    whence_capi = getattr(module, "WHENCE_CAPI", None)
    created = set()

    def _id(value):
        value = value[0] if isinstance(value, tuple) else value
        return int(value)

    try:
        in_main = get_current is not None and get_main is not None and _id(get_current()) == _id(get_main())
    except (TypeError, ValueError):
        in_main = False
    if in_main:
        # A plain process (the comparison run): no interpreter of the runner's to protect, and a
        # guard would only change what the module's tests see.
        return

    def _exists(key):
        try:
            return list_all is None or key in {_id(entry) for entry in list_all()}
        except (TypeError, ValueError):
            return True

    def guarded_create(*args, **kwargs):
        _take_turn()
        interp = create(*args, **kwargs)
        try:
            created.add(_id(interp))
        except (TypeError, ValueError):
            pass
        return interp

    def guarded_destroy(interp, *args, **kwargs):
        _take_turn()
        try:
            key = _id(interp)
            current = _id(get_current()) if get_current is not None else None
        except (TypeError, ValueError):
            return destroy(interp, *args, **kwargs)
        # An id that names no interpreter gets CPython's own error, as the test expects.
        if key in created or key == current or not _exists(key):
            return destroy(interp, *args, **kwargs)
        raise error("interpreter running")

    def guarded_list_all(*args, **kwargs):
        _take_turn()
        entries = list_all(*args, **kwargs)
        if whence_capi is None:
            return entries
        current = _id(get_current())
        return [entry for entry in entries
                if not (isinstance(entry, tuple) and len(entry) > 1 and entry[1] == whence_capi and _id(entry) != current)]

    guarded_create.__doc__ = create.__doc__
    guarded_destroy.__doc__ = destroy.__doc__
    originals = {"create": create, "destroy": destroy}
    module.create = guarded_create
    module.destroy = guarded_destroy
    if list_all is not None and get_current is not None:
        guarded_list_all.__doc__ = list_all.__doc__
        originals["list_all"] = list_all
        module.list_all = guarded_list_all
    _WRAPPED[id(module)] = originals
