using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Driver;

/// <summary>
/// Whose import an extension's is (subinterp_driver.unsafe_imports.code_under_test_on_stack): the
/// test module's, its package's, or a library's that the test framework called. Only the first two
/// get a probe interpreter; a library installed beside the framework speaks for whoever called it.
/// </summary>
public sealed class CodeUnderTestTests
{
    [PythonTheory]
    public void A_library_the_framework_calls_is_not_code_under_test_and_the_same_library_called_by_a_test_is(PythonInstallation python)
    {
        using var temp = new TempDirectory();
        temp.WriteExecutable("lib/site-packages/colourer.py", "def call(function):\n    return function()\n");
        temp.WriteExecutable("project/test_x.py", "def call(function):\n    return function()\n");
        var script = $$"""
            import sys
            sys.path[:0] = [{{ProtocolCodec.QuoteForPython(DriverPackage.Extract())}}, {{ProtocolCodec.QuoteForPython(temp.Combine("lib", "site-packages"))}}, {{ProtocolCodec.QuoteForPython(temp.Combine("project"))}}]
            import colourer, test_x
            from subinterp_driver.unsafe_imports import code_under_test_on_stack
            asked = lambda: code_under_test_on_stack(sys._getframe(), "test_x")
            print(colourer.call(asked), test_x.call(lambda: colourer.call(asked)), test_x.call(asked))
            """;

        Assert.Equal("False True True", ProcessRunner.Run(python.Executable, "-c", script).Trim());
    }
}
