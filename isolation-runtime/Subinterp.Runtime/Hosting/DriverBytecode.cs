using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The Python that compiles the extracted driver for the running Python, once per bytecode tag
/// (cpython-313, ...): the stamp is written only after every file compiled, so a worker killed
/// half-way leaves the next one to finish the job.
/// </summary>
public static class DriverBytecode
{
    public static string CompileOnce(string driverDirectory) =>
        $$"""
        def _subinterp_compile_driver(root):
            import os, sys
            stamp = os.path.join(root, ".compiled-" + sys.implementation.cache_tag)
            if not os.path.exists(stamp):
                import compileall
                if compileall.compile_dir(root, quiet=2):
                    open(stamp, "w").close()
        _subinterp_compile_driver({{ProtocolCodec.QuoteForPython(driverDirectory)}})
        del _subinterp_compile_driver
        """;
}
