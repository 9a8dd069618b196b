"""Where a test lives: file relative to the discovery root, and first line."""

import os


def _unwrap(func):
    # inspect.unwrap without the import; bounded in case of __wrapped__ cycles.
    for _ in range(100):
        inner = getattr(func, "__wrapped__", None)
        if inner is None or inner is func:
            break
        func = inner
    return func


def _code_of(func):
    func = _unwrap(func)
    func = getattr(func, "__func__", func)  # bound methods, classmethods
    return getattr(func, "__code__", None)


def relative_file(filename, root):
    """filename relative to root with '/' separators, or None when outside root."""
    if not filename or filename.startswith("<"):
        return None
    try:
        rel = os.path.relpath(os.path.abspath(filename), root)
    except ValueError:
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


def locate(func, root):
    """(file, line) of a test callable; (None, None) when unknown or outside root."""
    try:
        code = _code_of(func)
        if code is None:
            return None, None
        rel = relative_file(code.co_filename, root)
        if rel is None:
            return None, None
        return rel, code.co_firstlineno
    except Exception:
        return None, None
