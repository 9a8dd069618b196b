# The driver's one bootstrap: __main__ of every interpreter the driver runs in (a worker's
# subinterpreters, the probe interpreter beside them, the plain python process of
# --compare-process) and of the self-check, which runs this very file. Whoever runs it puts one
# line before it (Hosting/DriverBootstrap.cs; selfcheck.py does the same):
#
#     _subinterp_boot = "<JSON>"
#
# with "driver" (the folder holding subinterp_driver), "entry" ("main" or "probe"), "args" (the
# entry's arguments as the orchestrator built them: DriverArguments or ProbeArguments, passed on
# as they are), "host" (DriverHost: fd, slot, seq, pycachePrefix), "events" (a file to open for
# the events, whose descriptor becomes host.fd, or null) and "process" (true in a plain process:
# the '' that -c puts first leaves sys.path, as a subinterpreter has none, and the process leaves
# at once when the driver returns: threads a module left behind must not keep it alive, and the
# driver has reported them).
#
# Nothing may escape: an uncaught SystemExit would end the whole worker process. What the entry's
# run returns stays in __main__._subinterp_result, where the worker reads it
# (Hosting/CrossInterpreterProbe.cs): main.run's is the cross-interpreter probe's request,
# probe.run's the extensions it found clean.
_subinterp_host = None
_subinterp_result = None
try:
    import json as _subinterp_json, os as _subinterp_os, sys as _subinterp_sys
    _subinterp_boot = _subinterp_json.loads(_subinterp_boot)
    _subinterp_host = _subinterp_boot["host"]
    if _subinterp_boot.get("events") is not None:
        _subinterp_host["fd"] = _subinterp_os.open(
            _subinterp_boot["events"], _subinterp_os.O_WRONLY | _subinterp_os.O_CREAT | _subinterp_os.O_APPEND | _subinterp_os.O_CLOEXEC, 0o600)
    if _subinterp_boot.get("process") and _subinterp_sys.path and _subinterp_sys.path[0] == "":
        del _subinterp_sys.path[0]
    _subinterp_sys.path.insert(0, _subinterp_boot["driver"])
    try:
        _subinterp_entry = __import__("subinterp_driver." + _subinterp_boot["entry"], fromlist=["run"])
    finally:
        _subinterp_sys.path.remove(_subinterp_boot["driver"])
    _subinterp_result = _subinterp_entry.run(_subinterp_boot["args"], _subinterp_host)
except BaseException as _subinterp_error:
    # driver-start: none of the module's code ran, and the orchestrator runs it again alone
    # (a neighbour in the same process can close a descriptor the driver is reading).
    try:
        try:
            import traceback as _subinterp_traceback
            _subinterp_trace = "".join(_subinterp_traceback.format_exception(_subinterp_error))
        except BaseException:
            _subinterp_trace = None
        _subinterp_line = _subinterp_json.dumps({
            "type": "module-error", "slot": _subinterp_host["slot"], "seq": _subinterp_host["seq"], "kind": "driver-start",
            "message": "the driver failed to start: %r" % (_subinterp_error,), "traceback": _subinterp_trace})
        _subinterp_os.write(_subinterp_host["fd"], (_subinterp_line + "\n").encode("utf-8", "backslashreplace"))
    except BaseException:
        pass
try:
    if _subinterp_boot["process"]:
        for _subinterp_stream in (_subinterp_sys.stdout, _subinterp_sys.stderr):
            try:
                _subinterp_stream.flush()
            except BaseException:
                pass
        _subinterp_os._exit(0)
except BaseException:
    pass
