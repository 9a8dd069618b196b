"""Spots extension modules that refuse to load in this (sub)interpreter.

The import machinery is wrapped at the loader level, so a refusal is seen even
when the code that imported the module catches the ImportError and carries on
(`try: import x except ImportError: ...`). Each module is reported once."""

import sys

# CPython 3.12, 3.13 (and 3.14) say "module NAME does not support loading in
# subinterpreters" (_PyImport_CheckSubinterpIncompatibleExtensionAllowed); the
# others are what popular binding generators raise on a second interpreter.
REFUSAL_MARKERS = (
    "does not support loading in subinterpreters",  # CPython 3.12+
    "do not yet support subinterpreters",  # PyO3
    "Interpreter change detected - this module can only be loaded into one interpreter",  # Cython
    "cannot load module more than once per process",  # NumPy 2.x and others
)

# Refusals the stdlib (or pytest) absorbs: accelerators with a pure-Python twin
# (datetime -> _pydatetime on 3.12, traceback without _suggestions on 3.13...)
# and readline, which pdb, cmd, site and pytest's capture import only if they
# can. Seen at the loader they would flag nearly every module; they are still
# reported when the ImportError reaches a test result or the module import.
_ABSORBED = frozenset({"_datetime", "_decimal", "_elementtree", "_zoneinfo", "_suggestions", "readline"})


def is_refusal(exc):
    if not isinstance(exc, ImportError):
        return False
    try:
        text = str(exc)
    except Exception:
        return False
    return any(marker in text for marker in REFUSAL_MARKERS)


def _name_from(exc):
    name = getattr(exc, "name", None)
    if name:
        return name
    text = str(exc)
    head, sep, _ = text.partition(" does not support loading in subinterpreters")
    if sep and head.startswith("module "):
        return head[len("module "):].strip()
    return None


def _absorbed(name):
    if name in _ABSORBED:
        return True
    if name == "_tracemalloc":
        # warnings imports tracemalloc only to decorate ResourceWarnings and
        # ignores the failure; a test importing tracemalloc itself still counts.
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_globals.get("__name__") == "warnings":
                return True
            frame = frame.f_back
    return False


class Watcher:
    def __init__(self, emitter):
        self._emit = emitter.emit
        self._seen = set()
        self._refused = set()

    def report(self, exc, name=None, propagated=False):
        """Emits unsafe-import for exc if it is a refusal not yet reported.
        propagated: the error reached a test result or the module import, so
        nobody absorbed it."""
        try:
            if not is_refusal(exc):
                return
            name = name or _name_from(exc) or "?"
            if name not in self._refused:
                # Every refusal, absorbed or not: on 3.12 a refused single-phase module can
                # leave the process broken, and the orchestrator checks for that.
                self._refused.add(name)
                self._emit("extension-refused", module=name, error=str(exc))
            if name in self._seen or (not propagated and _absorbed(name)):
                return
            self._seen.add(name)
            self._emit("unsafe-import", module=name, error=str(exc))
        except Exception:
            pass

    def report_chain(self, exc):
        """Reports refusals anywhere in an exception's cause/context chain."""
        seen = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            self.report(exc, propagated=True)
            exc = exc.__cause__ or exc.__context__

    def install(self):
        external = sys.modules.get("_frozen_importlib_external")
        bootstrap = sys.modules.get("_frozen_importlib")
        if external is not None:
            loader = external.ExtensionFileLoader
            self._wrap(loader, "create_module")
            # Multi-phase modules (NumPy 2.x) refuse in their exec slot.
            self._wrap(loader, "exec_module")
        if bootstrap is not None:
            # Single-phase builtins (_tracemalloc on 3.13) refuse here.
            self._wrap(bootstrap.BuiltinImporter, "create_module")

    def _wrap(self, cls, attr):
        original = cls.__dict__.get(attr)
        if original is None:
            return
        report = self.report
        if isinstance(original, (staticmethod, classmethod)):
            kind = type(original)
            inner = original.__func__
            if kind is staticmethod:
                def wrapper(spec, *args):
                    try:
                        return inner(spec, *args)
                    except ImportError as exc:
                        report(exc, _spec_name(spec))
                        raise
            else:
                def wrapper(klass, spec, *args):
                    try:
                        return inner(klass, spec, *args)
                    except ImportError as exc:
                        report(exc, _spec_name(spec))
                        raise
            setattr(cls, attr, kind(wrapper))
        else:
            def wrapper(self_, arg, *args):
                try:
                    return original(self_, arg, *args)
                except ImportError as exc:
                    # create_module gets the spec, exec_module the module.
                    report(exc, _spec_name(arg) or getattr(arg, "__name__", None))
                    raise
            setattr(cls, attr, wrapper)


def _spec_name(spec):
    name = getattr(spec, "name", None)
    return name if isinstance(name, str) else None
