"""Spots extension modules that refuse to load in this (sub)interpreter.

The import machinery is wrapped at the loader level, so a refusal is seen even
when the code that imported the module catches the ImportError and carries on
(`try: import x except ImportError: ...`).

Who asked for the refused module decides what it is:

* the test module's own import chain (the test module and its package's helpers,
  even when they live in the stdlib like CPython's own `test.support`; third-party
  packages it uses) -> `unsafe-import`, a finding;
* the stdlib, the test framework or this driver, trying an accelerator or an
  optional module inside try/except (datetime -> _datetime on 3.12, pdb ->
  readline, warnings -> tracemalloc) -> `absorbed-import`, information only,
  and only when code under test is on the stack (the driver formatting a
  traceback on 3.13 tries _suggestions: nobody's business).

An absorbed refusal becomes a finding once the fallback breaks something: the
ImportError itself reaches a test or the module's import, or a failure names
the module that fell back (`module 'datetime' has no attribute
'datetime_CAPI'` after _datetime was refused). Each refusal records what it
broke (`<import>` for the test module's import, else test ids)."""

import os
import sys

from . import hook_failures, protocol

# CPython 3.12, 3.13 (and 3.14) say "module NAME does not support loading in
# subinterpreters" (_PyImport_CheckSubinterpIncompatibleExtensionAllowed); the
# others are what popular binding generators raise on a second interpreter.
REFUSAL_MARKERS = (
    "does not support loading in subinterpreters",  # CPython 3.12+
    "do not yet support subinterpreters",  # PyO3
    "Interpreter change detected - this module can only be loaded into one interpreter",  # Cython
    "cannot load module more than once per process",  # NumPy 2.x and others
)

# What a refusal broke when it stopped the test module's import.
MODULE_IMPORT = "<import>"

# Importers whose refusals are handled on their side: the test framework and this driver.
_FRAMEWORK_PACKAGES = ("subinterp_driver", "unittest", "_pytest", "pytest", "pluggy")


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


_STDLIB_DIRS = None


def stdlib_dirs():
    """The stdlib's folders, computed the first time an importer must be classified:
    sysconfig (and the threading it imports) cost every module's interpreter ~5 ms
    of CPU, and most modules never need them."""
    global _STDLIB_DIRS
    if _STDLIB_DIRS is None:
        import sysconfig

        paths = sysconfig.get_paths()
        dirs = {os.path.normcase(os.path.realpath(paths[key])) for key in ("stdlib", "platstdlib") if paths.get(key)}
        _STDLIB_DIRS = tuple(d + os.sep for d in dirs)
    return _STDLIB_DIRS

SITE_DIRS = (os.sep + "site-packages" + os.sep, os.sep + "dist-packages" + os.sep)


_IMPORT_MACHINERY = frozenset({"importlib", "importlib._bootstrap", "importlib._bootstrap_external"})


def is_machinery(frame):
    """importlib (importlib.import_module included) and this driver's own frames."""
    return (frame.f_code.co_filename.startswith("<frozen importlib")
            or frame.f_globals.get("__name__") in _IMPORT_MACHINERY
            or "__subinterp_driver" in frame.f_globals)


def _importer_frame(frame):
    while frame is not None and is_machinery(frame):
        frame = frame.f_back
    return frame


def importer_of(frame):
    """(module name, file) of the code whose import statement is running at
    `frame`: the first frame outside importlib's bootstrap and this driver."""
    frame = _importer_frame(frame)
    if frame is None:
        return None, None
    return frame.f_globals.get("__name__"), frame.f_code.co_filename


def code_under_test_on_stack(frame, under_test=None):
    """Whether code under test asked for the import running at `frame`: a frame of the test module,
    its package, a conftest or the project's own code. A library installed beside the test
    framework (site-packages, or the folder pytest itself came from) speaks for whoever called it:
    pygments, imported by pytest to colour a failure, made every toolz module look as if it had
    asked for binascii, _struct, math and _random, and each was probed across interpreters."""
    while frame is not None:
        name = frame.f_globals.get("__name__")
        filename = frame.f_code.co_filename
        if (not is_machinery(frame) and not is_framework(name, filename, under_test)
                and (is_under_test(name, under_test) or not _installed_library(filename))):
            return True
        frame = frame.f_back
    return False


def is_under_test(name, under_test):
    """The test module itself, or a module of its top-level package."""
    if not under_test or not name:
        return False
    package = under_test.partition(".")[0]
    return name == under_test or (package != under_test and (name == package or name.startswith(package + ".")))


_FRAMEWORK_HOMES = None


def _installed_library(filename):
    global _FRAMEWORK_HOMES
    if not filename:
        return False
    path = os.path.normcase(os.path.realpath(filename))
    if any(site in path for site in SITE_DIRS):
        return True
    if _FRAMEWORK_HOMES is None:
        framework = sys.modules.get("_pytest")
        origin = getattr(framework, "__file__", None)
        if not isinstance(origin, str):
            return False  # no pytest (yet): nothing is installed beside it
        _FRAMEWORK_HOMES = (os.path.dirname(os.path.dirname(os.path.normcase(os.path.realpath(origin)))) + os.sep,)
    return path.startswith(_FRAMEWORK_HOMES)


def is_framework(name, filename, under_test=None):
    """True when `name` (a module name) is part of the stdlib, the test
    framework or this driver rather than of the code under test. under_test:
    the test module's name; it and the modules of its top-level package are
    code under test wherever they live."""
    if is_under_test(name, under_test):
        return False
    if not name or filename == "<string>":
        return True  # unknown, or the worker's bootstrap
    if name.split(".", 1)[0] in _FRAMEWORK_PACKAGES:
        return True
    if filename and filename.startswith("<frozen "):
        return True  # frozen stdlib modules (os, site, codecs...)
    if not filename:
        return False
    path = os.path.normcase(os.path.realpath(filename))
    return path.startswith(stdlib_dirs()) and not any(site in path for site in SITE_DIRS)


def mentioned_modules(exc):
    """Names of the modules an exception is about: what failed to import, or
    the module an attribute was missing from."""
    names = set()
    name = getattr(exc, "name", None)
    if isinstance(exc, ImportError) and isinstance(name, str):
        names.add(name)
    if isinstance(exc, AttributeError):
        obj = getattr(exc, "obj", None)
        module_name = getattr(obj, "__name__", None) if isinstance(obj, type(sys)) else None
        if isinstance(module_name, str):
            names.add(module_name)
    return names


class _Refusal:
    __slots__ = ("name", "error", "importer", "reported", "broke")

    def __init__(self, name, error, importer):
        self.name = name
        self.error = error
        self.importer = importer
        self.reported = False
        self.broke = []


class Watcher:
    def __init__(self, emitter, on_extension_loaded=None, module_under_test=None, init_effects=None):
        self._emit = emitter.emit
        self._refusals = {}
        self._on_loaded = on_extension_loaded
        self._under_test = module_under_test
        # Reads the process around each extension's initialisation (init_effects.InitEffects).
        self._init = init_effects

    # -- at the loader ----------------------------------------------------------

    def refused(self, exc, name, frame):
        """A loader refused `name`; frame is where the import was asked for."""
        try:
            if not is_refusal(exc):
                return
            name = name or _name_from(exc) or "?"
            if name in self._refusals:
                return
            # Every refusal, absorbed or not: on 3.12 a refused single-phase module can leave the
            # process broken, and the orchestrator checks for that (the refusal canary).
            self._emit(protocol.ExtensionRefused(extension=name, error=str(exc)))
            importer, filename = importer_of(frame)
            refusal = _Refusal(name, str(exc), importer)
            self._refusals[name] = refusal
            if is_framework(importer, filename, self._under_test):
                if code_under_test_on_stack(frame, self._under_test):
                    self._emit(protocol.AbsorbedImport(extension=name, error=refusal.error, importedBy=importer))
            else:
                self._report(refusal, None)
        except Exception as exc:
            hook_failures.failed("import refusal", exc)

    def loaded(self, module, frame):
        if self._on_loaded is None:
            return
        try:
            self._on_loaded(module, importer_of(frame)[0], code_under_test_on_stack(frame, self._under_test))
        except Exception as exc:
            hook_failures.failed("extension loaded", exc)

    # -- at failures ------------------------------------------------------------

    def report_chain(self, exc, broke=None):
        """A failure (of a test, or of the module's import when broke is
        MODULE_IMPORT): reports refusals in its cause/context chain, and traces
        failures that name a module which fell back after a refusal."""
        seen = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            try:
                self._explain(exc, broke)
            except Exception as error:
                hook_failures.failed("refusal tracing", error)
            exc = exc.__cause__ or exc.__context__

    def _explain(self, exc, broke):
        if is_refusal(exc):
            name = _name_from(exc) or "?"
            refusal = self._refused(name)
            if refusal is None:
                refusal = self._refusals[name] = _Refusal(name, str(exc), None)
            self._report(refusal, broke)
            return
        for mentioned in mentioned_modules(exc):
            for refusal in list(self._refusals.values()):
                if mentioned in (refusal.importer, refusal.name):
                    self._report(refusal, broke)

    def _refused(self, name):
        """The refusal seen at the loader for `name`. CPython 3.12's message names an extension
        inside a package by its last component ("module _speedups does not support loading in
        subinterpreters" for simplejson._speedups); the loader saw its full name."""
        refusal = self._refusals.get(name)
        if refusal is not None or "." in name:
            return refusal
        matches = [r for r in self._refusals.values() if r.name.rpartition(".")[2] == name]
        return matches[0] if len(matches) == 1 else None

    def _report(self, refusal, broke):
        if broke is not None and broke in refusal.broke:
            return
        if refusal.reported and broke is None:
            return
        refusal.reported = True
        if broke is not None:
            refusal.broke.append(broke)
        self._emit(protocol.UnsafeImport(extension=refusal.name, error=refusal.error, importedBy=refusal.importer,
                                         broke=broke))

    # -- installing -------------------------------------------------------------

    def install(self):
        external = sys.modules.get("_frozen_importlib_external")
        bootstrap = sys.modules.get("_frozen_importlib")
        if external is not None:
            loader = external.ExtensionFileLoader
            self._wrap(loader, "create_module")
            # Multi-phase modules (NumPy 2.x) refuse in their exec slot.
            self._wrap(loader, "exec_module", on_success=self.loaded)
        if bootstrap is not None:
            # Single-phase builtins (_tracemalloc on 3.13) refuse here.
            self._wrap(bootstrap.BuiltinImporter, "create_module")

    def _wrap(self, cls, attr, on_success=None):
        original = cls.__dict__.get(attr)
        if original is None:
            return
        refused = self.refused
        init = self._init

        def call(inner, args, arg):
            # create_module gets the spec, exec_module the module.
            name = _spec_name(arg) or getattr(arg, "__name__", None)
            caller = sys._getframe(2)
            # Create and exec are read around apart: an exec slot (the usual place for an effect) follows a quiet create.
            watching = init is not None and init.begin("%s %s" % (attr, name or "?"))
            try:
                return inner(*args)
            except ImportError as exc:
                refused(exc, name, caller)
                raise
            finally:
                if watching:
                    init.end(name or "?", _origin(arg), caller)

        if isinstance(original, (staticmethod, classmethod)):
            kind = type(original)
            inner = original.__func__
            if kind is staticmethod:
                def wrapper(spec, *args):
                    return call(inner, (spec,) + args, spec)
            else:
                def wrapper(klass, spec, *args):
                    return call(inner, (klass, spec) + args, spec)
            setattr(cls, attr, kind(wrapper))
        else:
            def wrapper(self_, arg, *args):
                result = call(original, (self_, arg) + args, arg)
                if on_success is not None:
                    on_success(arg, sys._getframe(1))
                return result
            setattr(cls, attr, wrapper)


def _origin(arg):
    spec = getattr(arg, "__spec__", None) or arg
    return getattr(spec, "origin", None)


def _spec_name(spec):
    name = getattr(spec, "name", None)
    return name if isinstance(name, str) else None
