using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Hosting;

/// <summary>
/// The worker compiles the driver once per bytecode tag, then only checks a stamp; the stamp is
/// written only when every file compiled, so a failure is tried again by the next worker.
/// </summary>
public sealed class DriverBytecodeTests
{
    [PythonTheory]
    public void The_stamp_is_written_after_every_file_compiled_and_then_nothing_is_compiled_again(PythonInstallation python)
    {
        using var temp = new TempDirectory();
        var module = temp.WriteExecutable("subinterp_driver/a.py", "A = 1\n");
        var tag = ProcessRunner.Run(python.Executable, "-c", "import sys; print(sys.implementation.cache_tag)").Trim();

        ProcessRunner.Run(python.Executable, "-c", DriverBytecode.CompileOnce(temp.Path));
        var compiled = temp.Combine("subinterp_driver", "__pycache__", $"a.{tag}.pyc");
        Assert.True(File.Exists(temp.Combine($".compiled-{tag}")));
        Assert.True(File.Exists(compiled));

        File.Delete(compiled);
        ProcessRunner.Run(python.Executable, "-c", DriverBytecode.CompileOnce(temp.Path));
        Assert.False(File.Exists(compiled), "a stamped folder was compiled again");
        Assert.True(File.Exists(module));
    }

    [PythonTheory]
    public void A_file_that_does_not_compile_leaves_no_stamp(PythonInstallation python)
    {
        using var temp = new TempDirectory();
        temp.WriteExecutable("subinterp_driver/a.py", "A = 1\n");
        temp.WriteExecutable("subinterp_driver/broken.py", "def (\n");
        var tag = ProcessRunner.Run(python.Executable, "-c", "import sys; print(sys.implementation.cache_tag)").Trim();

        ProcessRunner.Run(python.Executable, "-c", DriverBytecode.CompileOnce(temp.Path));

        Assert.False(File.Exists(temp.Combine($".compiled-{tag}")));
        Assert.True(File.Exists(temp.Combine("subinterp_driver", "__pycache__", $"a.{tag}.pyc")));
    }
}
