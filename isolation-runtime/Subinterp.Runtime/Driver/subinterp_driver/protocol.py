"""The driver's side of the worker protocol (Protocol/PROTOCOL.md): one class per message the
driver writes and per set of arguments it is given, with the same names as the C# records
(Protocol/DriverEvents.cs, Protocol/DriverArguments.cs). A message is built with keyword
arguments only: a name its type does not have, or a required one left out, is a TypeError where
it is built, not a line the orchestrator cannot read. The end-to-end test ProtocolRoundTripTests
writes every message of SAMPLES with the real Emitter and reads each back in C#."""

VERSION = 3


class Record:
    """Fields by wire name: REQUIRED must be given (None is a value); OPTIONAL default to None and
    are left out of the line when None."""

    __slots__ = ()
    REQUIRED = ()
    OPTIONAL = ()

    def __init__(self, **fields):
        for name in self.REQUIRED:
            if name not in fields:
                raise TypeError("%s needs %s" % (type(self).__name__, name))
        for name in fields:
            if name not in self.REQUIRED and name not in self.OPTIONAL:
                raise TypeError("%s has no field %s" % (type(self).__name__, name))
        for name in self.__slots__:
            object.__setattr__(self, name, fields.get(name))

    def fields(self):
        out = {name: getattr(self, name) for name in self.REQUIRED}
        for name in self.OPTIONAL:
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        return out

    @classmethod
    def parse(cls, data):
        """From a JSON object: KeyError for a required field it lacks; fields it does not know are ignored."""
        return cls(**{name: data[name] for name in cls.REQUIRED},
                   **{name: data[name] for name in cls.OPTIONAL if data.get(name) is not None})


def _record(name, type_, required, optional=()):
    return type(name, (Record,), {"__slots__": tuple(required) + tuple(optional), "TYPE": type_,
                                  "REQUIRED": tuple(required), "OPTIONAL": tuple(optional)})


# -- what the driver is given -----------------------------------------------------------------

DriverArguments = _record("DriverArguments", None,
                          ("module", "path", "root", "mode", "engine", "outputLimit", "threadJoinTimeout", "pattern"),
                          ("testTimeout", "moduleTimeout", "select", "collectOnly"))
DriverHost = _record("DriverHost", None, ("fd", "slot", "seq"), ("pycachePrefix",))
ProbeArguments = _record("ProbeArguments", None, ("request", "skip"))

# -- what it writes: every line also carries type, slot, seq and t (Emitter) --------------------

ModuleStart = _record("ModuleStart", "module-start", ("module", "pid", "cpus", "engine"))
Collected = _record("Collected", "collected", ("tests",), ("locations",))
TestStart = _record("TestStart", "test-start", ("id",))
# raised: for a failed test whose failure was an exception other than an assertion (the pytest
# engine: pytest counts any exception in a test as failed), that exception's qualified type name.
TestEnd = _record("TestEnd", "test-end",
                  ("id", "outcome", "durationMs", "message", "traceback", "stdout", "stderr", "file", "line"),
                  ("subtests", "raised"))
UnsafeImport = _record("UnsafeImport", "unsafe-import", ("extension", "error", "importedBy", "broke"))
AbsorbedImport = _record("AbsorbedImport", "absorbed-import", ("extension", "error", "importedBy"))
ExtensionRefused = _record("ExtensionRefused", "extension-refused", ("extension", "error"))
ModuleError = _record("ModuleError", "module-error", ("kind", "message", "traceback"))
ModuleEnd = _record("ModuleEnd", "module-end", ("durationMs",))
Timeout = _record("Timeout", "timeout", ("scope", "limit", "id", "stacks", "detail"))
Leak = _record("Leak", "leak", ("kind", "detail"))
# One of the driver's own hooks raised (hook_failures.py): the hook's name, the error, its traceback.
HookFailed = _record("HookFailed", "hook-failed", ("hook", "message", "traceback"))
# The probe (probe.py): one cross-interpreter check on one extension, made (notRun absent) or why not.
CrossCheck = _record("CrossCheck", "cross-check", ("extension", "check"), ("notRun",))

MESSAGES = (ModuleStart, Collected, TestStart, TestEnd, UnsafeImport, AbsorbedImport, ExtensionRefused,
            ModuleError, ModuleEnd, Timeout, Leak, HookFailed, CrossCheck)

# One of each, every field set: what the round-trip test writes.
SAMPLES = (
    ModuleStart(module="pkg.test_m", pid=42, cpus=[0, 1], engine="unittest"),
    Collected(tests=["pkg.test_m.T.test_a"], locations=[{"file": "pkg/test_m.py", "line": 3}]),
    TestStart(id="pkg.test_m.T.test_a"),
    TestEnd(id="pkg.test_m.T.test_a", outcome="failed", durationMs=1.5, message="AssertionError: 1 != 2",
            traceback="Traceback ...", stdout="out", stderr="err", file="pkg/test_m.py", line=3,
            subtests=[{"description": "(i=1)", "outcome": "failed", "message": "m", "traceback": "t"}],
            raised="importlib.metadata.PackageNotFoundError"),
    UnsafeImport(extension="_x", error="module _x does not support loading in subinterpreters", importedBy="pkg.test_m",
                 broke="<import>"),
    AbsorbedImport(extension="_x", error="module _x does not support loading in subinterpreters", importedBy="decimal"),
    ExtensionRefused(extension="_x", error="module _x does not support loading in subinterpreters"),
    ModuleError(kind="import", message="ModuleNotFoundError: No module named 'y'", traceback="Traceback ..."),
    ModuleEnd(durationMs=12.25),
    Timeout(scope="test", limit=2.5, id="pkg.test_m.T.test_a", stacks="File ...", detail="why not"),
    Leak(kind="thread", detail="1 thread(s) still running"),
    HookFailed(hook="audit", message="RuntimeError: broken", traceback="Traceback ..."),
    CrossCheck(extension="_x", check="carry-over", notRun="its state right after its first import was not recorded"),
)
