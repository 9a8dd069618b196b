"""CPython's own test package, prepared the way regrtest prepares it.

Run with `python -m test`, a module of CPython's `test` package finds
test.support set up by libregrtest (setup.py, setup_tests): not verbose, no
resources enabled unless -u says so, its original stdout recorded, a no-op
audit hook installed. Outside regrtest, test.support's defaults differ
(verbose = 1, every resource enabled), so the same module would run other
tests and print more. This does what regrtest does, inside the module's
interpreter, before the module is imported, so that an outcome that differs
from `python -m test` is the subinterpreter's doing.

One thing cannot be the same: regrtest runs each module in a worker process of
its own, so TESTFN ("@test_<pid>_tmp", relative to the current directory) is
unique to it. Here the modules running side by side share the process id;
each gets its own TESTFN instead ("@test_<pid>_<seq>_tmp"), or two modules
would write the same files.
"""

import os
import sys

__subinterp_driver = True


def applies(module, root):
    """True for a module of the `test` package of this Python's own stdlib. sysconfig (and the
    threading it imports, ~3 ms of every module's interpreter) is imported only for such a module:
    a plain `python -m unittest` imports neither before the module's first line."""
    if not module.startswith("test."):
        return False
    import sysconfig

    stdlib = sysconfig.get_paths().get("stdlib")
    return bool(stdlib) and os.path.realpath(root) == os.path.realpath(stdlib)


def prepare(seq):
    from test import support
    from test.support import os_helper

    support.verbose = 0
    support.failfast = False
    support.use_resources = []  # `python -m test` without -u
    support.junit_xml_list = None
    support.record_original_stdout(sys.stdout)
    # regrtest installs a no-op audit hook so that hooks are exercised.
    sys.addaudithook(_no_op_audit_hook)
    _unique_testfn(os_helper, seq)


def _no_op_audit_hook(name, args):
    pass


def _unique_testfn(os_helper, seq):
    old = os_helper.TESTFN_ASCII
    new = "@test_{}_{}_tmp".format(os.getpid(), seq)
    for name in [n for n in vars(os_helper) if n.startswith("TESTFN")]:
        value = getattr(os_helper, name)
        if isinstance(value, str) and value.startswith(old):
            setattr(os_helper, name, new + value[len(old):])
        elif isinstance(value, bytes) and value.startswith(old.encode()):
            setattr(os_helper, name, new.encode() + value[len(old.encode()):])
