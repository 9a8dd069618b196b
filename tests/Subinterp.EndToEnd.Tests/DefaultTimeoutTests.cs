using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;
using Subinterp.Runtime.Session;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// The default module limit stops a module that never ends (CPython 3.12's test_thread in an
/// isolated interpreter) from outside the interpreter: test code sees no watchdog thread of a
/// limit it did not ask for. An explicit limit keeps the watchdog and its Python stacks. Driven
/// through the runtime's session on real CPython with a short default (the real one is 20 minutes).
/// </summary>
public sealed class DefaultTimeoutTests
{
    private static (ModuleResult Result, string Threads) Run(PythonInstallation python, Func<RunOptions, RunOptions> limit)
    {
        var suite = TempSuite.Create("default-timeout", new Dictionary<string, string>
        {
            ["test_blocks.py"] = """
                import os
                import threading
                import unittest

                class Blocks(unittest.TestCase):
                    def test_blocks_for_ever(self):
                        names = sorted(thread.name for thread in threading.enumerate())
                        with open(os.path.join(os.path.dirname(__file__), "threads.txt"), "w") as out:
                            out.write(",".join(names))
                        threading.Event().wait()
                """,
        });
        var options = limit(new RunOptions
        {
            Paths = [suite], Python = python.Executable, Jobs = 1, CompareProcess = false, StateDirectory = Path.Combine(suite, ".subinterp"),
        });

        var report = TestSession.Open(options).RunAsync().GetAwaiter().GetResult();

        return (Assert.Single(report.Modules), File.ReadAllText(Path.Combine(suite, "threads.txt")));
    }

    [PythonTheory]
    public void TheDefaultLimitStopsAModuleFromOutsideTheInterpreter(PythonInstallation python)
    {
        var (result, threads) = Run(python, options => options with { DefaultModuleTimeoutSeconds = 3 });

        Assert.Equal(Verdict.TimedOut, result.Verdict);
        Assert.Equal(3, result.Timeout!.LimitSeconds);
        Assert.Contains("the default limit is enforced from outside the interpreter, which runs no watchdog thread", result.Timeout.Stacks);
        Assert.Contains("test_blocks_for_ever", result.Timeout.Stacks);
        Assert.DoesNotContain("subinterp-watchdog", threads);
    }

    [PythonTheory]
    public void AGivenLimitAlsoRunsTheWatchdogForItsPythonStacks(PythonInstallation python)
    {
        var (result, threads) = Run(python, options => options with { ModuleTimeoutSeconds = 3 });

        Assert.Equal(Verdict.TimedOut, result.Verdict);
        Assert.Contains("subinterp-watchdog", threads);
        Assert.DoesNotContain("No stacks from inside the interpreter", result.Timeout!.Stacks);
    }
}
