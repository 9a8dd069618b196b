using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Driver;

/// <summary>
/// What the driver imports before a unittest module's first line, in every module's interpreter:
/// its own modules, unittest (the module imports it anyway) and json, nothing that only some runs
/// need. Run here by the real bootstrap in a plain process, as --compare-process runs it.
/// </summary>
public sealed class DriverImportsTests
{
    [PythonTheory]
    public void A_plain_unittest_module_finds_neither_sysconfig_nor_threading_imported_by_the_driver(PythonInstallation python)
    {
        using var temp = new TempDirectory();
        var seen = temp.Combine("seen.txt");
        var module = temp.WriteExecutable("suite/test_first_line.py", $$"""
            import sys
            with open({{ProtocolCodec.QuoteForPython(seen)}}, "w") as f:
                f.write(" ".join(sorted({"sysconfig", "threading"} & (set(sys.modules) - sys.modules["__main__"]._before))))
            import unittest


            class T(unittest.TestCase):
                def test_one(self):
                    pass
            """);
        var arguments = new DriverArguments
        {
            Module = "test_first_line", Path = module, Root = temp.Combine("suite"), Mode = InterpreterMode.Isolated, Engine = "unittest",
            OutputLimit = 65536, ThreadJoinTimeout = 1, Pattern = "test*.py",
        };
        var events = temp.Combine("events.jsonl");
        var script = "import sys; _before = set(sys.modules)\n"
            + DriverBootstrap.ForModule(DriverPackage.Extract(), arguments, new DriverHost(null, 0, 1), events, process: true);

        ProcessRunner.Run(python.Executable, "-c", script);

        var ended = File.ReadLines(events).Select(line => ProtocolCodec.Decode(System.Text.Encoding.UTF8.GetBytes(line))).OfType<TestEndMessage>();
        Assert.Equal("passed", Assert.Single(ended).Outcome);
        Assert.Equal("", File.ReadAllText(seen));
    }
}
