"""Tells the worker what this interpreter does to process-wide state, as it happens.

An audit hook (hooks belong to one interpreter) passes the worker's note()
function what CPython audits of it: a variable set or removed (os.putenv and
os.unsetenv, which os.environ's writes call), the directory changed (os.chdir,
os.fchdir), a resource limit set (resource.setrlimit, resource.prlimit), a file
opened (open, os.open). When two modules run side by side and a change appears
while both are running, the worker knows which interpreter made it, without
running either module again. Each thing is noted once per interpreter.
"""

import os
import sys

from . import hook_failures

__subinterp_driver = True

NOTE = "_subinterp_note"

_EVENTS = frozenset({"os.putenv", "os.unsetenv", "os.chdir", "resource.setrlimit", "resource.prlimit", "open"})


def install(note):
    if note is None:
        return
    pid = os.getpid()
    noted = set()
    fsdecode = os.fsdecode
    realpath = os.path.realpath
    getpid = os.getpid

    def touch_of(event, args):
        if event == "open":
            path = args[0]
            if isinstance(path, (str, bytes)) and not (isinstance(path, str) and path.endswith(".pyc")):
                return "open:" + realpath(fsdecode(path))
            return None
        if event == "os.chdir":
            return "cwd"
        if event == "os.putenv" or event == "os.unsetenv":
            return "environ:" + fsdecode(args[0])
        if event == "resource.setrlimit":
            return "rlimit:%d" % args[0]
        if event == "resource.prlimit" and args[0] in (0, pid):
            return "rlimit:%d" % args[1]
        return None

    def hook(event, args):
        if event not in _EVENTS:
            return
        try:
            # A forked child (legacy mode) must not call into the parent's .NET runtime.
            if getpid() != pid:
                return
            key = (event, args[0] if args else None)
            if key in noted:
                return
            noted.add(key)
            touch = touch_of(event, args)
            if touch is not None:
                note(touch)
        except Exception as exc:
            hook_failures.failed("audit", exc)

    sys.addaudithook(hook)
