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
interpreter: an interpreter this interpreter created (through create()) or the
current one goes to CPython's destroy(); any other is refused with the error
destroy() raises for a running interpreter. Under regrtest there are no other
interpreters to find, so a test sees the same thing either way.
"""

__subinterp_driver = True

GUARDED = frozenset({"_interpreters", "_xxsubinterpreters"})


def guard(module):
    if getattr(module, "__name__", None) not in GUARDED or getattr(module, "_subinterp_guarded", False):
        return
    create = module.create
    destroy = module.destroy
    get_current = getattr(module, "get_current", None)
    error = getattr(module, "InterpreterError", RuntimeError)
    created = set()

    def _id(value):
        value = value[0] if isinstance(value, tuple) else value
        return int(value)

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
        if key in created or key == current:
            return destroy(interp, *args, **kwargs)
        raise error("interpreter running")

    guarded_create.__doc__ = create.__doc__
    guarded_destroy.__doc__ = destroy.__doc__
    module.create = guarded_create
    module.destroy = guarded_destroy
    module._subinterp_guarded = True
