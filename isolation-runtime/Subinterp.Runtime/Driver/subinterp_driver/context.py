"""What every part of one module run shares: the event writer, the unsafe-import
watcher and the run's settings."""

from . import capture, errors, protocol
from .unsafe_imports import MODULE_IMPORT

# Frames of modules that define this name are cut from reported tracebacks.
__subinterp_driver = True


class Context:
    def __init__(self, emitter, watcher, module, path, root, output_limit, select=None, collect_only=False,
                 pattern="test*.py", pycache_prefix=None):
        self.emitter = emitter
        self.emit = emitter.emit
        self.watcher = watcher
        self.module = module
        self.path = path
        self.root = root
        self.output_limit = output_limit
        # Test ids to run (None: all), see selection.py.
        self.select = select
        # Report what would run, with locations, and run nothing.
        self.collect_only = collect_only
        # The discovery pattern, handed to load_tests as unittest discovery does.
        self.pattern = pattern
        # pytest-style test functions and Test* classes, collected next to unittest's tests; not
        # for CPython's own test package, which regrtest collects with unittest's loader alone.
        self.plain_tests = True
        # Where bytecode is cached for this worker (pytest: bytecode_cache.py, rewrite_cache.py).
        self.pycache_prefix = pycache_prefix
        # The extension tracker (extension_state.ExtensionTracker), set by main.
        self.extensions = None
        self._driver_errors = 0

    def clip(self, text):
        return capture.clip(text, self.output_limit)

    def module_error(self, kind, exc, message=None, strip=True):
        self.watcher.report_chain(exc, MODULE_IMPORT if kind in ("syntax", "import", "collect") else None)
        # unittest's own frames go too, as in its reports.
        marker = ("__subinterp_driver", "__unittest") if strip else ()
        self.emit(protocol.ModuleError(
            kind=kind,
            message=message or errors.summary(type(exc), exc),
            traceback=self.clip(errors.format_exception(exc, skip_frames_of=marker)),
        ))

    def driver_error(self, exc):
        """A bug of ours: reported (a few times at most), never raised into
        the test framework, which would misattribute it to a test."""
        self._driver_errors += 1
        if self._driver_errors > 3:
            return
        try:
            self.module_error("driver", exc, strip=False)
        except Exception:
            pass


def error_kind(exc):
    """module-error kind for an exception that stopped a module's import."""
    if isinstance(exc, SyntaxError):
        return "syntax"
    if isinstance(exc, SystemExit):
        return "exit"
    if isinstance(exc, KeyboardInterrupt):
        return "interrupt"
    return "import"

