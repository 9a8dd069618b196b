"""What the cross-interpreter checks compare about an extension module: the
objects reachable from its namespace (its attributes, and the attributes of the
classes among them), each with its address, whether CPython made it immortal,
and a digest of its value when the value is plain data.

Addresses (id()) are process-wide: two interpreters alive at the same time can
only show the same address for the same object. Immortal objects (None, small
ints, interned strings, static builtin types) are shared by design and exempt,
except an extension's own static types: 3.13 makes every static type immortal,
but only CPython's (flagged _Py_TPFLAGS_STATIC_BUILTIN) get per-interpreter state."""

import sys

# Per-interpreter by construction, or bookkeeping the import system adds.
_SKIPPED_MODULE_ATTRIBUTES = frozenset({
    "__name__", "__qualname__", "__doc__", "__file__", "__loader__", "__spec__", "__package__", "__path__",
    "__builtins__", "__cached__", "__dict__",
})
_SKIPPED_CLASS_ATTRIBUTES = frozenset({"__doc__", "__module__", "__dict__", "__weakref__", "__qualname__"})

_PLAIN = (type(None), bool, int, float, complex, str, bytes)
_MAX_ITEMS = 1000
_MAX_TEXT = 200

# 3.12 and 3.13 mark immortal objects by setting bit 31 of the reference count
# (on 64-bit builds); 3.14 has sys._is_immortal.
_IMMORTAL_REFCOUNT = 1 << 31


_TPFLAGS_STATIC_BUILTIN = 1 << 1
_TPFLAGS_HEAPTYPE = 1 << 9


def is_extension_static_type(obj):
    """A statically allocated type that CPython does not manage per interpreter."""
    return isinstance(obj, type) and not obj.__flags__ & (_TPFLAGS_HEAPTYPE | _TPFLAGS_STATIC_BUILTIN)


def is_exempt(obj):
    """Shared by design: immortal, and not an extension's static type."""
    return is_immortal(obj) and not is_extension_static_type(obj)


def is_immortal(obj):
    check = getattr(sys, "_is_immortal", None)
    if check is not None:
        return bool(check(obj))
    return sys.getrefcount(obj) >= _IMMORTAL_REFCOUNT


def is_extension(module):
    """Loaded from a shared library by the import system's extension loader."""
    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None)
    external = sys.modules.get("_frozen_importlib_external")
    if external is not None and isinstance(loader, external.ExtensionFileLoader):
        return True
    origin = getattr(spec, "origin", None)
    if not isinstance(origin, str) or external is None:
        return False
    return origin.endswith(tuple(external.EXTENSION_SUFFIXES))


def _text(value):
    text = repr(value)
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "...(%d characters)" % len(text)


def digest(value):
    """A short text standing for the value when it is plain data (numbers,
    text, bytes and containers of them), else None: such values are compared,
    others only by address."""
    try:
        if isinstance(value, _PLAIN):
            return _text(value)
        if isinstance(value, (tuple, list, set, frozenset, dict)):
            kind = type(value).__name__
            if len(value) > _MAX_ITEMS:
                return "%s of %d items" % (kind, len(value))
            items = value.items() if isinstance(value, dict) else value
            if isinstance(value, dict):
                parts = []
                for key, item in items:
                    if not isinstance(key, _PLAIN) or not isinstance(item, _PLAIN):
                        return None
                    parts.append(repr(key) + ": " + repr(item))
            else:
                if not all(isinstance(item, _PLAIN) for item in items):
                    return None
                parts = [repr(item) for item in items]
            if isinstance(value, (set, frozenset, dict)):
                parts.sort()
            return _text_of(kind, parts)
    except Exception:
        return None
    return None


def _text_of(kind, parts):
    joined = ", ".join(parts)
    if len(joined) > _MAX_TEXT:
        joined = joined[:_MAX_TEXT] + "...(%d items)" % len(parts)
    return "%s[%s]" % (kind, joined)


def reachable(module):
    """(path, object) for the module's attributes and its classes' attributes,
    paths like "mod.attr" and "mod.Class.attr"."""
    name = getattr(module, "__name__", "?")
    try:
        namespace = list(vars(module).items())
    except Exception:
        return
    for attr, value in namespace:
        if not isinstance(attr, str) or attr in _SKIPPED_MODULE_ATTRIBUTES or isinstance(value, type(sys)):
            continue
        path = name + "." + attr
        yield path, value
        if isinstance(value, type):
            try:
                members = list(vars(value).items())
            except Exception:
                continue
            for member, item in members:
                if isinstance(member, str) and member not in _SKIPPED_CLASS_ATTRIBUTES:
                    yield path + "." + member, item


def take(module, keep=None):
    """{path: [address, exempt, type name, digest]}; `keep` (a list) gets
    every object, so that addresses stay valid while someone compares them."""
    state = {}
    for path, value in reachable(module):
        if keep is not None:
            keep.append(value)
        state[path] = [id(value), is_exempt(value), type(value).__name__, digest(value)]
    return state
