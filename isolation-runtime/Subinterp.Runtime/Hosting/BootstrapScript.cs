using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The few lines run as __main__ in each fresh interpreter: import the driver from its folder and
/// hand it the run. Nothing may escape: an uncaught SystemExit would end the whole worker process.
/// </summary>
internal static class BootstrapScript
{
    public static string For(string driverDirectory, string argumentsJson, int eventFd, int slot, int seq)
    {
        var dir = ProtocolCodec.QuoteForPython(driverDirectory);
        var args = ProtocolCodec.QuoteForPython(argumentsJson);
        return $$"""
            try:
                import sys as _subinterp_sys
                _subinterp_sys.path.insert(0, {{dir}})
                try:
                    import subinterp_driver.main as _subinterp_main
                finally:
                    _subinterp_sys.path.remove({{dir}})
                _subinterp_main.run({{args}})
            except BaseException as _subinterp_error:
                try:
                    import os as _subinterp_os, json as _subinterp_json
                    _subinterp_line = _subinterp_json.dumps({"type": "module-error", "slot": {{slot}}, "seq": {{seq}}, "kind": "driver",
                        "message": "the driver failed to start: %r" % (_subinterp_error,), "traceback": None})
                    _subinterp_os.write({{eventFd}}, (_subinterp_line + "\n").encode("utf-8", "backslashreplace"))
                except BaseException:
                    pass
            """;
    }
}
