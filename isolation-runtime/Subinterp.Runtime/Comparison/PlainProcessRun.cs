using System.Diagnostics;
using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Comparison;

/// <summary>
/// Runs one module the plain way: the same Python driver, in an ordinary `python` process of the
/// same installation (no subinterpreter, no worker), with the same engine, output limit and
/// timeouts. The driver writes the same protocol events (into a file here, not a slot channel) and
/// they are folded by the same <see cref="ModuleRun"/>, so an outcome means the same thing on both
/// sides. A process that dies is a crash of the test that was running, as in the worker.
/// </summary>
internal static class PlainProcessRun
{
    // Without a module timeout the comparison still must end: a module that hangs only in a
    // process would otherwise hold the whole run.
    private static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(10);

    public static async Task<ModuleResult> RunAsync(RunPlan plan, TestModule module, InterpreterMode mode, IReadOnlyList<string>? select, CancellationToken cancellation)
    {
        var scratch = Directory.CreateTempSubdirectory("subinterp-compare-");
        try
        {
            var events = Path.Combine(scratch.FullName, "events.jsonl");
            var start = new ProcessStartInfo(plan.Python.Executable)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // faulthandler: a crash leaves its traceback in stderr, as regrtest's processes do.
            foreach (var argument in new[] { "-X", "faulthandler", "-c", Bootstrap(DriverPackage.Extract(), events, Arguments(plan, module, select)) })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {plan.Python.Executable}");
            process.StandardInput.Close();
            var stdout = new OutputTail(0);
            var stderr = new OutputTail(16 * 1024);
            var pumps = Task.WhenAll(stdout.PumpAsync(process.StandardOutput.BaseStream, null), stderr.PumpAsync(process.StandardError.BaseStream, null));

            var limit = plan.Options.ModuleTimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds + 5) : DefaultLimit;
            string? stoppedFor = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            {
                timeout.CancelAfter(limit);
                try
                {
                    await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    stoppedFor = cancellation.IsCancellationRequested ? "the run was cancelled" : $"it ran longer than {limit.TotalSeconds:0} s";
                }
            }
            await pumps.ConfigureAwait(false);
            return Fold(module, mode, select, events, WorkerExit.From(process.ExitCode), stoppedFor, stderr.Text());
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static ModuleResult Fold(TestModule module, InterpreterMode mode, IReadOnlyList<string>? select, string events, WorkerExit exit, string? stoppedFor, string stderr)
    {
        var run = new ModuleRun(new WorkItem(module, mode, WorkPurpose.Main, select), workerSlot: -1, slot: -1, seq: 0, workerPid: 0, attempt: 1);
        var ended = false;
        foreach (var line in File.Exists(events) ? File.ReadLines(events) : [])
        {
            ProtocolMessage message;
            try
            {
                message = ProtocolCodec.Decode(System.Text.Encoding.UTF8.GetBytes(line));
            }
            catch (ProtocolException)
            {
                continue; // test code writing into the events file: the rest still counts
            }
            run.Apply(message);
            ended |= message.Type == ProtocolMessageTypes.ModuleEnd;
        }
        if (!ended || exit.ExitCode != 0)
        {
            var reason = stoppedFor is not null ? $"the process was stopped: {stoppedFor}"
                : exit.Signal is not null ? $"the process was {exit.Describe()}"
                : $"the process {exit.Describe()}";
            run.Result.Crash = new CrashInfo(exit.SignalName, exit.ExitCode, run.CurrentTest, null, string.IsNullOrWhiteSpace(stderr) ? null : stderr, reason);
            run.Abort(TestOutcome.Crashed, reason);
        }
        return run.Finish();
    }

    private static string Arguments(RunPlan plan, TestModule module, IReadOnlyList<string>? select)
    {
        var arguments = new ProtocolMessage
        {
            Type = ProtocolMessageTypes.Run, Slot = -1, Seq = 0, Module = module.Name, Path = module.FullPath, Root = module.Root,
            Engine = plan.Engine, OutputLimit = plan.Options.OutputLimitBytes, TestTimeout = plan.Options.TestTimeoutSeconds,
            ModuleTimeout = plan.Options.ModuleTimeoutSeconds, ThreadJoinTimeout = plan.Options.ThreadJoinSeconds,
            Select = select?.ToList(), Pattern = plan.Options.Pattern,
        };
        return System.Text.Encoding.UTF8.GetString(ProtocolCodec.EncodeLine(arguments)).TrimEnd('\n');
    }

    /// <summary>
    /// The process's __main__: open the events file, import the driver, run it, leave at once
    /// (threads a module left behind must not keep the process alive; the driver has reported them).
    /// sys.path loses the '' that -c puts first, so the module sees the sys.path a subinterpreter has.
    /// </summary>
    private static string Bootstrap(string driverDirectory, string eventsPath, string argumentsJson) => $$"""
        import json, os, sys
        if sys.path and sys.path[0] == "":
            del sys.path[0]
        _fd = os.open({{ProtocolCodec.QuoteForPython(eventsPath)}}, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_CLOEXEC, 0o600)
        sys.path.insert(0, {{ProtocolCodec.QuoteForPython(driverDirectory)}})
        import subinterp_driver.main as _driver
        del sys.path[0]
        _args = json.loads({{ProtocolCodec.QuoteForPython(argumentsJson)}})
        _args["fd"] = _fd
        _driver.run(json.dumps(_args))
        for _stream in (sys.stdout, sys.stderr):
            try:
                _stream.flush()
            except Exception:
                pass
        os._exit(0)
        """;
}
