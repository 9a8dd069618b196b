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
"""

__subinterp_driver = True

GUARDED = frozenset({"_interpreters", "_xxsubinterpreters"})

# Modules already wrapped in this interpreter, by id: a mark on the module itself would be state
# the cross-interpreter probe sees (an attribute a fresh import lacks) and report as a carry-over.
_WRAPPED = set()


def guard(module):
    if getattr(module, "__name__", None) not in GUARDED or id(module) in _WRAPPED:
        return
    create = module.create
    destroy = module.destroy
    get_current = getattr(module, "get_current", None)
    get_main = getattr(module, "get_main", None)
    list_all = getattr(module, "list_all", None)
    error = getattr(module, "InterpreterError", RuntimeError)
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
        interp = create(*args, **kwargs)
        try:
            created.add(_id(interp))
        except (TypeError, ValueError):
            pass
        return interp

    def guarded_destroy(interp, *args, **kwargs):
        try:
            key = _id(interp)
            current = _id(get_current()) if get_current is not None else None
        except (TypeError, ValueError):
            return destroy(interp, *args, **kwargs)
        # An id that names no interpreter gets CPython's own error, as the test expects.
        if key in created or key == current or not _exists(key):
            return destroy(interp, *args, **kwargs)
        raise error("interpreter running")

    guarded_create.__doc__ = create.__doc__
    guarded_destroy.__doc__ = destroy.__doc__
    module.create = guarded_create
    module.destroy = guarded_destroy
    _WRAPPED.add(id(module))
