"""A tiny parsing library with two optional C accelerators inside the package, the way simplejson
has simplejson._speedups: `import twinparse` works everywhere; where an accelerator cannot be
loaded (an isolated subinterpreter refuses both), the pure-Python code runs instead.

The accelerators are built outside the repository (sample-suites/build-extensions.py puts them in
OUT_DIR/twinparse/); extend_path lets this package find them there, as a package split across
sys.path entries does."""

from pkgutil import extend_path

__path__ = extend_path(__path__, __name__)

try:
    from twinparse._speedups import Encoder, quote as _c_quote  # noqa: F401 (Encoder: only with the accelerator)
except ImportError:
    _c_quote = None

try:
    from twinparse._scanner import scan as _c_scan
except ImportError:
    _c_scan = None

ACCELERATED = _c_quote is not None and _c_scan is not None


def _py_quote(text):
    return '"%s"' % text


def _py_scan(text):
    return text.split(",")


def quote(text):
    return (_c_quote or _py_quote)(text)


def scan(text):
    return (_c_scan or _py_scan)(text)
