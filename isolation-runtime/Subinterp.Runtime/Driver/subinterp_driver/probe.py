"""Entry point the worker calls inside the probe interpreter: a fresh
interpreter created while the test module's interpreter is still alive.

    subinterp_driver.probe.run(args, host)

args: ProbeArguments (request: extension_state's JSON text; skip: extensions
this worker already probed and found clean), host: DriverHost, as main.run's
(protocol.py). For each other extension module the test module loaded, the
probe imports it again and emits `leak` events:

* shared-object: an object reachable from the module's namespace here is the
  same (non-immortal) object as there: C-level state shared by interpreters;
* carry-over: plain-data state (a module attribute, a class attribute) differs
  from what the test interpreter saw right after its own import: the test
  module changed state that outlived its interpreter.

For each extension module and each of those two checks it also emits a
`cross-check` event: made, or why not (it could not be imported again, its
pristine state was not recorded...), so that nobody reports a check as passed
that was never made.


run() returns JSON naming the extensions that showed nothing and hold no plain-data
state that a module could carry over ({"clean": [...]}): the worker does not probe
them again; and, for those that showed nothing but hold plain data, that data as this
fresh import shows it ({"fresh": {name: {path: digest}}}): the worker probes them
again only for a module whose interpreter did not show exactly that, at its import
and at its end (Hosting/PlainDataState.cs). Nothing may escape run()."""

import json
import sys

from . import fingerprint, protocol
from .events import Emitter

__subinterp_driver = True

SHARED_OBJECT = "shared-object"
CARRY_OVER = "carry-over"


def run(args, host):
    clean = []
    fresh = {}
    try:
        emitter = Emitter(protocol.DriverHost.parse(host))
        args = protocol.ProbeArguments.parse(args)
        request = json.loads(args.request)
        skip = set(args.skip)
    except BaseException:
        return None
    for root in request.get("path", []):
        if root not in sys.path:
            sys.path.append(root)
    for extension in request.get("extensions", []):
        name = extension.get("name")
        if name in skip:
            continue
        pristine = request.get("pristine", {}).get(name)
        try:
            __import__(name)
            module = sys.modules[name]
            here = fingerprint.take(module)
        except BaseException as error:
            why = "it could not be imported again in a second interpreter (%s)" % _describe(error)
            _checked(emitter, name, SHARED_OBJECT, why)
            _checked(emitter, name, CARRY_OVER, why)
            continue
        try:
            found = False
            for kind, detail in findings(name, request.get("state", {}).get(name, {}), here, pristine):
                found = True
                emitter.emit(protocol.Leak(kind=kind, detail=detail))
        except BaseException as error:
            why = "the comparison failed (%s)" % _describe(error)
            _checked(emitter, name, SHARED_OBJECT, why)
            _checked(emitter, name, CARRY_OVER, why)
            continue
        _checked(emitter, name, SHARED_OBJECT, None)
        _checked(emitter, name, CARRY_OVER, None if pristine is not None
                 else "its state right after its first import was not recorded")
        # Plain-data state (a counter, a flag) is what a module can carry over into the next
        # interpreter: such an extension is probed with every module that uses it.
        try:
            if not found and all(entry[3] is None for entry in here.values()):
                clean.append(name)
            elif not found:
                fresh[name] = {path: entry[3] for path, entry in here.items()}
        except BaseException:
            pass
    try:
        return json.dumps({"clean": clean, "fresh": fresh})
    except BaseException:
        return None


def _checked(emitter, name, check, not_run):
    """One cross-check event: the check was made (not_run None), or why not. The matrix says only
    what was checked (PROTOCOL.md, cross-check)."""
    emitter.emit(protocol.CrossCheck(extension=name, check=check, notRun=not_run))


def _describe(error):
    try:
        return "%s: %s" % (type(error).__name__, error)
    except BaseException:
        return type(error).__name__


def findings(name, there, here, pristine):
    """(kind, detail) pairs; `there` and `here` are fingerprint.take() of the
    test interpreter (end of run) and of this one, `pristine` the test
    interpreter's digests right after its import (None if not taken)."""
    yield from _shared(there, here)
    if pristine is not None:
        yield from _carried_over(pristine, here)


def _shared(there, here):
    shared = {
        path: entry for path, entry in here.items()
        if path in there and there[path][0] == entry[0] and not entry[1] and not there[path][1]
    }
    owners = {}
    for path in sorted(shared):
        module, _, rest = path.partition(".")
        owner = module + "." + rest.split(".", 1)[0]
        owners.setdefault(owner, []).append(path)
    for owner, paths in owners.items():
        members = [p for p in paths if p != owner]
        names = ", ".join("%s (%s)" % (p[len(owner) + 1:], shared[p][2]) for p in members[:8])
        if len(members) > 8:
            names += ", ... (%d in all)" % len(members)
        if owner in shared:
            detail = "%s (%s) is one object shared by two live interpreters" % (owner, shared[owner][2])
            if members:
                detail += ", with %d of its attributes: %s" % (len(members), names)
        else:
            detail = "%s: %d attribute%s shared by two live interpreters: %s" % (
                owner, len(members), " is" if len(members) == 1 else "s are", names)
        yield "shared-object", detail


def _carried_over(pristine, here):
    for path, before in sorted(pristine.items()):
        entry = here.get(path)
        if entry is None:
            yield "carry-over", "%s was %s in a pristine import and is gone in a new interpreter after this module ran" % (
                path, "present" if before is None else before)
        elif before is not None and entry[3] is not None and entry[3] != before:
            yield "carry-over", "%s was %s in a pristine import and is %s in a new interpreter after this module ran" % (path, before, entry[3])
    for path, entry in sorted(here.items()):
        if path not in pristine and entry[3] is not None:
            yield "carry-over", "%s was absent in a pristine import and is %s in a new interpreter after this module ran" % (path, entry[3])
