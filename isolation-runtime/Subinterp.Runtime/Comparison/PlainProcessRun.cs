using System.Diagnostics;
using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Comparison;

/// <summary>
/// Runs one module the plain way: the same Python driver, started by the same bootstrap with the
/// same arguments (<see cref="RunPlan.DriverArgumentsFor"/>), in an ordinary `python` process of
/// the same installation (no subinterpreter, no worker). The driver writes the same protocol
/// events (into a file here, not a slot channel) and they are folded by the same
/// <see cref="ModuleRun"/>, so an outcome means the same thing on both sides. A process that dies
/// is a crash of the test that was running, as in the worker.
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
            var bootstrap = DriverBootstrap.ForModule(DriverPackage.Extract(), plan.DriverArgumentsFor(module, mode, select), new DriverHost(null, -1, 0), events, process: true);
            foreach (var argument in new[] { "-X", "faulthandler", "-c", bootstrap })
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
            ended |= message is ModuleEndMessage;
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
}
