using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The few lines run as __main__ in each fresh interpreter: import the driver from its folder and
/// hand it the run. Nothing may escape: an uncaught SystemExit would end the whole worker process.
/// The module run leaves the cross-interpreter probe's request in __main__.<see cref="ProbeRequestVariable"/>.
/// </summary>
internal static class BootstrapScript
{
    public const string ProbeRequestVariable = "_subinterp_probe_request";

    /// <summary>What the probe interpreter's run leaves in its __main__: the extensions that showed nothing.</summary>
    public const string ProbeResultVariable = "_subinterp_probe_result";

    public static string For(string driverDirectory, string argumentsJson, int eventFd, int slot, int seq) =>
        Script(driverDirectory, "main", $"{ProbeRequestVariable} = ", argumentsJson, eventFd, slot, seq);

    /// <summary>The probe interpreter's script: subinterp_driver.probe.run(arguments).</summary>
    public static string ForProbe(string driverDirectory, string argumentsJson, int eventFd, int slot, int seq) =>
        Script(driverDirectory, "probe", $"{ProbeResultVariable} = ", argumentsJson, eventFd, slot, seq);

    private static string Script(string driverDirectory, string entryModule, string assignResult, string argumentsJson, int eventFd, int slot, int seq)
    {
        var dir = ProtocolCodec.QuoteForPython(driverDirectory);
        var args = ProtocolCodec.QuoteForPython(argumentsJson);
        return $$"""
            try:
                import sys as _subinterp_sys
                _subinterp_sys.path.insert(0, {{dir}})
                try:
                    import subinterp_driver.{{entryModule}} as _subinterp_main
                finally:
                    _subinterp_sys.path.remove({{dir}})
                {{assignResult}}_subinterp_main.run({{args}})
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
