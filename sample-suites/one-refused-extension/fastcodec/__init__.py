"""A tiny codec library with an optional C accelerator, the way simplejson has _speedups:
`import fastcodec` works everywhere; where `_fastcodec_speedups` cannot be loaded (an isolated
subinterpreter refuses it), the pure-Python code runs instead."""

try:
    from _fastcodec_speedups import Encoder, encode as _c_encode  # noqa: F401 (Encoder: only with the accelerator)
except ImportError:
    _c_encode = None

ACCELERATED = _c_encode is not None


def _py_encode(data):
    return bytes(data).hex()


def encode(data):
    """Hex-encodes bytes, with the accelerator when it loaded."""
    return (_c_encode or _py_encode)(data)


def decode(text):
    return bytes.fromhex(text)
