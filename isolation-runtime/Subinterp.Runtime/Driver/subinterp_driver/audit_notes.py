"""Tells the worker what this interpreter does to process-wide state, as it
happens, and which code did it.

An audit hook (hooks belong to one interpreter) passes the worker's note()
function what CPython audits of it: a variable set or removed (os.putenv and
os.unsetenv, which os.environ's writes call), the directory changed (os.chdir,
os.fchdir), a resource limit set (resource.setrlimit, resource.prlimit), a file
opened (open, os.open; not the import system reading a module). CPython audits
neither signal.signal nor locale.setlocale: sys.monitoring watches those two
Python functions start instead (nothing of the interpreter is replaced). os.pipe is not
audited: the driver wraps os.pipe and os.pipe2 to note the descriptors each call
made, os.dup and os.dup2 the copy each made (_pyrepl.readline's import keeps copies
of stdin and stdout), and signal.siginterrupt and os.grantpt the signal each
re-installs (C functions that change a sigaction from any interpreter: SA_RESTART;
SIGCHLD's flags, which CPython's grantpt restores with SA_ONSTACK). In an isolated interpreter os.fork() is refused before any audit event;
the driver wraps os.fork and os.forkpty to note the refusal (whatever the caller
made for the child, multiprocessing's pipes, is then left open).

Each note says, besides what, whose code did it, from the frame that made the
call: the module under test's own file ("module"), other code under test (a
conftest.py, a helper, a package, a third-party library: "code"), the test
framework or this driver ("framework"), or nothing but the stdlib
("library"); where (file:line, relative to the test root or the stdlib);
whether that frame was a module's top level running at import ("import") or a
function ("call"); and the value set. When two modules run side by side and a
change appears while both are running, the worker knows which interpreter and
which line made it, without running either module again. A note is sent once
per interpreter for each (what, whose, where, value).
"""

import os
import sys

from . import hook_failures

__subinterp_driver = True

NOTE = "_subinterp_note"

_EVENTS = frozenset({"os.putenv", "os.unsetenv", "os.chdir", "resource.setrlimit", "resource.prlimit", "open"})

# Test runners and this driver: their frames are the framework's.
_FRAMEWORK = frozenset({"subinterp_driver", "unittest", "_pytest", "pytest", "pluggy"})

_LC_ALL = 6

# sys.monitoring tool ids 0-2 are the debugger's, coverage's and the profiler's by convention,
# 5 the optimizer's, which CPython's own does not claim; 3 and 4 are free, and tests take them
# (CPython's test_monitoring asserts in every setUp that tools 2-4 are unused): 5 first.
_TOOL_IDS = (5, 4, 3)


class Sites:
    """Whose code a frame is, and where; computed once per file."""

    def __init__(self, test_file, root):
        self._test_file = os.path.normcase(os.path.abspath(test_file)) if test_file else None
        self._root = os.path.abspath(root) + os.sep if root else None
        stdlib = os.path.dirname(os.path.abspath(os.__file__))
        self._stdlib = stdlib + os.sep
        self._stdlib_tests = os.path.join(stdlib, "test") + os.sep
        self._files = {}

    def whose(self, frame):
        """module, code, framework or library (None: the import machinery)."""
        filename = frame.f_code.co_filename
        if filename == "<string>":
            # Code made from text: the worker's bootstrap (the framework's), or methods generated
            # for a dataclass or a namedtuple and text a test exec'd, which are their caller's
            # (_pyrepl.readline's os.dup runs in a dataclass __post_init__ called from "<string>").
            return "framework" if "_subinterp_boot" in frame.f_globals else "library"
        known = self._files.get(filename)
        if known is not None:
            return known[0]
        name = frame.f_globals.get("__name__") or ""
        top = name.partition(".")[0]
        if filename.startswith("<frozen importlib") or name.startswith("importlib"):
            kind = None
        elif top in _FRAMEWORK or "__subinterp_driver" in frame.f_globals:
            kind = "framework"
        elif filename.startswith("<"):
            kind = "library"  # frozen stdlib modules (os, codecs...)
        else:
            path = os.path.normcase(os.path.abspath(filename))
            if self._test_file is not None and path == self._test_file:
                kind = "module"
            elif (path.startswith(self._stdlib) and not path.startswith(self._stdlib_tests)
                  and os.sep + "site-packages" + os.sep not in path and os.sep + "dist-packages" + os.sep not in path):
                kind = "library"
            else:
                kind = "code"  # CPython's own test package counts as code under test
        self._files[filename] = (kind, self._display(filename))
        return kind

    def where(self, frame):
        self.whose(frame)
        known = self._files.get(frame.f_code.co_filename)
        return "%s:%d" % (known[1] if known is not None else frame.f_code.co_filename, frame.f_lineno)

    def _display(self, filename):
        path = os.path.abspath(filename) if not filename.startswith("<") else filename
        for base in (self._root, self._stdlib):
            if base and path.startswith(base):
                return path[len(base):]
        return path

    def site(self, frame):
        """(whose, where, scope, function) of the code that made the call at `frame`: the first frame outward
        that is not the stdlib's (nor the import machinery's); the innermost stdlib frame when
        nothing else is on the stack. None when the import system itself is reading a module."""
        first = None
        while frame is not None:
            kind = self.whose(frame)
            if kind is None:
                if first is None:
                    return None
            elif kind != "library":
                return kind, self.where(frame), _scope(frame), frame.f_code.co_name
            elif first is None:
                first = frame
            frame = frame.f_back
        if first is None:
            return None
        return "library", self.where(first), _scope(first), first.f_code.co_name


def _scope(frame):
    return "import" if frame.f_code.co_name == "<module>" else "call"


def _clean(text):
    return str(text).replace("\t", " ").replace("\n", " ")


def install(note, test_file=None, root=None, isolated=True):
    if note is None:
        return
    pid = os.getpid()
    noted = set()
    sites = Sites(test_file, root)
    fsdecode = os.fsdecode
    realpath = os.path.realpath
    getpid = os.getpid

    def send(touch, value, frame, site=None):
        site = site or sites.site(frame)
        if site is None:
            return
        key = (touch, value) + site
        if key in noted:
            return
        noted.add(key)
        # The value: "=text" when set, "-" when removed (a C string cannot carry a marker byte).
        whose, where, scope, function = site
        note("\t".join((touch, whose, where, scope, "-" if value is None else "=" + _clean(value), function)))

    def touch_of(event, args):
        if event == "open":
            path = args[0]
            if isinstance(path, (str, bytes)) and not (isinstance(path, str) and path.endswith(".pyc")):
                return "open:" + realpath(fsdecode(path)), ""
            return None
        if event == "os.chdir":
            return "cwd", fsdecode(args[0]) if isinstance(args[0], (str, bytes)) else repr(args[0])
        if event == "os.putenv":
            return "environ:" + fsdecode(args[0]), fsdecode(args[1])
        if event == "os.unsetenv":
            return "environ:" + fsdecode(args[0]), None
        if event == "resource.setrlimit":
            return "rlimit:%d" % args[0], repr(args[1])
        if event == "resource.prlimit" and args[0] in (0, pid) and len(args) > 2 and args[2] is not None:
            return "rlimit:%d" % args[1], repr(args[2])
        return None

    # Everything the hook uses is bound here: it runs until the interpreter's very end, after the
    # module globals have been cleared to None ("Exception ignored in audit hook" on every
    # module's end otherwise).
    modules = sys.modules
    events = _EVENTS
    getframe = sys._getframe
    failed = hook_failures.failed

    def hook(event, args):
        # locale is watched from the first event after anything imported it: a unittest module
        # imports it itself, after the driver started (no note, and its setlocale was contested).
        unaudited = _unaudited
        if unaudited is not None and unaudited.awaits_locale and "locale" in modules:
            unaudited.watch_imported()
        if event not in events:
            return
        try:
            # A forked child (legacy mode) must not call into the parent's .NET runtime.
            if getpid() != pid:
                return
            frame = getframe(1)
            # Whose first: the import system reading modules (most opens) is dropped before any path work.
            site = sites.site(frame)
            if site is None:
                return
            touch = touch_of(event, args)
            if touch is not None:
                send(touch[0], touch[1], frame, site)
        except Exception as exc:
            failed("audit", exc)

    sys.addaudithook(hook)
    global _unaudited
    _unaudited = _Unaudited(send)
    _watch_descriptors(send)
    _watch_signal_setters(send)
    if isolated:
        _watch_refused_fork(send)


_unaudited = None


def watch_imported():
    """Watches locale.setlocale too once something imported locale (pytest does, after the
    driver started): nothing is imported for this."""
    if _unaudited is not None:
        _unaudited.watch_imported()


class _Unaudited:
    """signal.signal and locale.setlocale are Python functions CPython does not audit: a
    sys.monitoring PY_START event local to their code objects says when they start, and
    their caller (nothing is replaced; no cost anywhere else). signal is imported by
    unittest in every interpreter; locale (1.5 ms) is watched once something imported it."""

    def __init__(self, send):
        self._send = send
        self._monitoring = getattr(sys, "monitoring", None)
        self._tool = None
        self._signal_code = None
        self._locale_code = None
        # True while locale.setlocale is not watched yet and could be.
        self.awaits_locale = False
        if self._monitoring is None:
            return
        self._tool = next((t for t in _TOOL_IDS if self._monitoring.get_tool(t) is None), None)
        if self._tool is None:
            return
        try:
            self._monitoring.use_tool_id(self._tool, "subinterp")
            self._monitoring.register_callback(self._tool, self._monitoring.events.PY_START, self._started)
        except Exception:
            self._tool = None
        self.watch_imported()

    def watch_imported(self):
        if self._tool is None:
            return
        signal = sys.modules.get("signal")
        locale = sys.modules.get("locale")
        try:
            if self._signal_code is None and signal is not None:
                self._signal_code = self._watch(signal.signal)
            setlocale = getattr(locale, "setlocale", None)
            if self._locale_code is None and setlocale is not None:
                self._locale_code = self._watch(setlocale)
        except Exception:
            pass
        # Until locale is imported far enough to have setlocale; a setlocale that could not be watched is not tried again.
        self.awaits_locale = self._locale_code is None and getattr(locale, "setlocale", None) is None

    def _watch(self, function):
        code = getattr(function, "__code__", None)
        if code is not None:
            self._monitoring.set_local_events(self._tool, code, self._monitoring.events.PY_START)
        return code

    def _started(self, code, offset):
        try:
            frame = sys._getframe(1)
            if code is self._signal_code:
                number = frame.f_locals.get("signalnum")
                signal = sys.modules["signal"]
                name = signal.Signals(int(number)).name if number is not None else "?"
                self._send("signal:" + name, repr(frame.f_locals.get("handler")), frame.f_back)
            elif code is self._locale_code and frame.f_locals.get("locale") is not None:
                category = frame.f_locals.get("category")
                locale = sys.modules["locale"]
                name = "*" if category == _LC_ALL else _locale_name(locale, category)
                self._send("locale:" + name, str(frame.f_locals.get("locale")), frame.f_back)
        except Exception:
            pass


def _locale_name(locale, category):
    for name in dir(locale):
        if name.startswith("LC_") and name != "LC_ALL" and getattr(locale, name) == category:
            return name
    return str(category)


def _watch_descriptors(send):
    """os.pipe and os.dup are not audited either: the driver wraps os.pipe, os.pipe2, os.dup and
    os.dup2 to note each descriptor a call made with what it points to ("pipe" "7=pipe:[31],8=pipe:[31]";
    "dup" "9=/dev/null"; a number alone would also claim what a neighbour opened later under a
    number this interpreter had used and closed). A pipe or a copy left open is then known to be
    this interpreter's and which line made it (_pyrepl.readline keeps os.dup(0) and os.dup(1)
    from its import on), one closed while another module ran is known to be this one's own, and
    a pipe no interpreter made is the runtime's or a C library's."""
    readlink = os.readlink
    for name, touch in (("pipe", "pipe"), ("pipe2", "pipe"), ("dup", "dup"), ("dup2", "dup")):
        original = getattr(os, name, None)
        if original is not None:
            setattr(os, name, _descriptor_noting(original, touch, send, readlink))


def _descriptor_noting(original, touch, send, readlink):
    def made(*args, **kwargs):
        result = original(*args, **kwargs)
        try:
            fds = result if isinstance(result, tuple) else (result,)
            send(touch, ",".join("%d=%s" % (fd, readlink("/proc/self/fd/%d" % fd)) for fd in fds), sys._getframe(1))
        except Exception:
            pass
        return result

    return _like(made, original)


def _watch_signal_setters(send):
    """signal.siginterrupt and os.grantpt are C functions that re-install a signal's sigaction
    from any interpreter, unaudited: siginterrupt toggles SA_RESTART, and CPython's grantpt sets
    SIGCHLD to SIG_DFL around the call and restores it with SA_ONSTACK. They are wrapped to note
    the signal with the caller (signal.signal is watched with sys.monitoring instead: it is a
    Python function). _signal is wrapped first: signal copies its names from there on import."""
    import _signal

    original = getattr(_signal, "siginterrupt", None)
    if original is not None:
        wrapped = _signal_noting(original, send, lambda args, kwargs: args[0] if args else kwargs.get("signalnum"))
        _signal.siginterrupt = wrapped
        signal = sys.modules.get("signal")
        if signal is not None and getattr(signal, "siginterrupt", None) is original:
            signal.siginterrupt = wrapped
    grantpt = getattr(os, "grantpt", None)
    if grantpt is not None:
        os.grantpt = _signal_noting(grantpt, send, lambda args, kwargs: "SIGCHLD")


def _signal_noting(original, send, number_of):
    def setter(*args, **kwargs):
        result = original(*args, **kwargs)
        try:
            name = number_of(args, kwargs)
            if not isinstance(name, str):
                try:
                    name = sys.modules["signal"].Signals(int(name)).name
                except Exception:
                    name = str(name)
            send("signal:" + name, original.__name__, sys._getframe(1))
        except Exception:
            pass
        return result

    return _like(setter, original)


def _like(wrapper, original):
    wrapper.__name__ = original.__name__
    wrapper.__qualname__ = original.__qualname__
    wrapper.__doc__ = original.__doc__
    wrapper.__wrapped__ = original
    return wrapper


def _watch_refused_fork(send):
    """An isolated interpreter refuses os.fork() (RuntimeError) before any audit event, and
    whatever the caller made for the child stays open (multiprocessing's fork start method: two
    pipes). The refusal is noted with the code that asked for it."""
    for name in ("fork", "forkpty"):
        original = getattr(os, name, None)
        if original is None:
            continue
        setattr(os, name, _refusal_noting(original, send))


def _refusal_noting(original, send):
    def fork(*args, **kwargs):
        try:
            return original(*args, **kwargs)
        except RuntimeError:
            try:
                send("fork-refused", original.__name__, sys._getframe(1))
            except Exception:
                pass
            raise

    return _like(fork, original)
