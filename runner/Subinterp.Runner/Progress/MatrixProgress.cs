using Subinterp.CompatMatrix;
using Subinterp.CompatMatrix.Probing;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Results;

namespace Subinterp.Runner.Progress;

/// <summary>
/// The matrix's progress on the terminal: one line per phase, then a counter rewritten in place on
/// a terminal, or a line every tenth of the phase (and for every finding) when output is redirected.
/// </summary>
internal sealed class MatrixProgress(TextWriter output, bool live) : IMatrixObserver
{
    private readonly Lock _gate = new();
    private int _lastDecile = -1;

    public void PythonStarted(PythonInstallation python, int modules) =>
        Line($"subinterp matrix: CPython {python.VersionText} ({python.Executable}): {modules} modules");

    public void PhaseStarted(string python, string mode, string phase, int probes)
    {
        _lastDecile = -1;
        Line($"  {python} {mode}: {phase}: {probes} probe modules");
    }

    public void ProbeFinished(string python, string mode, Probe probe, ModuleResult result, int done, int total)
    {
        var verdict = ResultNames.Of(result.Verdict);
        var status = $"  [{done,4}/{total}] {python} {mode} {probe.Extension} ({probe.Kind.ToString().ToLowerInvariant()}): {verdict}";
        lock (_gate)
        {
            if (live)
            {
                output.Write("\r\u001b[2K" + (status.Length > 110 ? status[..110] : status));
                if (done == total)
                {
                    output.WriteLine();
                }
                return;
            }
            var decile = done * 10 / Math.Max(1, total);
            if (verdict is not ("passed" or "skipped") || decile != _lastDecile)
            {
                _lastDecile = decile;
                output.WriteLine(status);
            }
        }
    }

    public void Notice(string message) => Line($"  subinterp: {message}");

    private void Line(string text)
    {
        lock (_gate)
        {
            output.WriteLine(live ? "\r\u001b[2K" + text : text);
        }
    }
}
