"""The test interpreter's side of the cross-interpreter checks.

Each extension module the test module loads is fingerprinted twice here: as it
was right after its import (before any test touched it: what a pristine
interpreter sees) and at the end of the run. The worker then creates a probe
interpreter while this one is still alive and hands it probe_request(); the
probe imports the same extensions and compares (see probe.py)."""

import json
import os
import sys

from . import fingerprint

# Objects of the end-of-run fingerprint, kept alive until this interpreter
# ends: their addresses must not be reused while the probe compares them.
_KEEP = []


class ExtensionTracker:
    def __init__(self):
        # What the driver itself loaded is not the test module's doing.
        self._baseline = set(sys.modules)
        self._pristine = {}
        self._imported_by = {}

    def framework_loaded(self):
        """Everything imported so far is the test framework's (pytest and its plugins, before
        the first conftest.py): not the test module's doing, so no probe interpreter for it."""
        self._baseline = set(sys.modules)
        for name in list(self._pristine):
            if name in self._baseline:
                del self._pristine[name]
                self._imported_by.pop(name, None)

    def loaded(self, module, importer, by_code_under_test=True):
        """Called once an extension module's import succeeded. One that only the framework and
        the stdlib asked for (pytest's tmp_path importing getpass, which imports termios) is the
        framework's: no probe interpreter is made for it."""
        name = getattr(module, "__name__", None)
        if not isinstance(name, str) or name in self._pristine or name in self._baseline:
            return
        if not by_code_under_test:
            self._baseline.add(name)
            return
        self._imported_by[name] = importer
        state = fingerprint.take(module)
        self._pristine[name] = {path: entry[3] for path, entry in state.items()}

    def probe_request(self):
        """JSON for the worker (declarations) and the probe interpreter, or
        None when the test module loaded no extension or built-in module.
        "builtins": built-in modules it loaded, whose PyModuleDef the worker
        reads too (they are not probed across interpreters); "path": where the
        extensions were found, so that the probe imports the same files even
        when the test put their folder on sys.path itself."""
        loaded = [(name, module) for name, module in list(sys.modules.items())
                  if name not in self._baseline and module is not None]
        names = sorted(name for name, module in loaded if fingerprint.is_extension(module))
        builtins = sorted(name for name, _ in loaded if name in sys.builtin_module_names)
        if not names and not builtins:
            return None
        state = {name: fingerprint.take(sys.modules[name], _KEEP) for name in names}
        return json.dumps({
            "extensions": [{"name": name, "importedBy": self._imported_by.get(name)} for name in names],
            "builtins": builtins,
            "path": _search_roots(names),
            "state": state,
            "pristine": {name: self._pristine[name] for name in names if name in self._pristine},
        })


def _search_roots(names):
    """The sys.path entries the extensions were imported from: the folder
    of each one's file, one level up per dot in its name."""
    roots = []
    for name in names:
        origin = getattr(getattr(sys.modules.get(name), "__spec__", None), "origin", None)
        if not isinstance(origin, str) or not os.path.isabs(origin):
            continue
        root = os.path.dirname(origin)
        for _ in range(name.count(".")):
            root = os.path.dirname(root)
        if root not in roots:
            roots.append(root)
    return roots
