"""Python side of Subinterp: runs one test module inside a fresh subinterpreter
and reports what happens as newline-delimited JSON events (see
Protocol/PROTOCOL.md). Entry point: subinterp_driver.main.run(args_json)."""

import sys


def hide_from_tracers():
    """The driver's modules run frames inside the test's interpreter (the import watcher, on
    every extension a test imports): the stdlib's trace module, which follows a frame's
    module __file__, would count them as the test's code (CPython's test_trace lists every
    file its tracer counted). Without __file__ it skips them as it skips built-in modules;
    the code objects keep their file names, so tracebacks still say where."""
    prefix = __name__ + "."
    for name, module in list(sys.modules.items()):
        if name == __name__ or name.startswith(prefix):
            module.__dict__.pop("__file__", None)
