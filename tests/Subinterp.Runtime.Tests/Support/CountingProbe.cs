using System.Collections.Concurrent;
using Subinterp.Runtime.Locating;

namespace Subinterp.Runtime.Tests.Support;

/// <summary>Answers as a real probe would, or as told, and records every executable it was asked to run.</summary>
internal sealed class CountingProbe(Func<string, PythonFacts>? answer = null) : PythonProbe
{
    private readonly ConcurrentQueue<string> asked = new();

    public IReadOnlyList<string> Asked => [.. asked];

    public override PythonFacts Probe(string executable)
    {
        asked.Enqueue(executable);
        return answer is null ? base.Probe(executable) : answer(executable);
    }

    /// <summary>A real installation's own answer, as if given by another executable.</summary>
    public static PythonFacts RealFactsAs(PythonInstallation real, string executable, string? versionText = null)
    {
        var facts = new PythonProbe().Probe(real.Executable);
        var version = versionText ?? facts.VersionText;
        return new PythonFacts
        {
            Version = version.Split('.').Select(int.Parse).ToArray(), VersionText = version, Implementation = facts.Implementation,
            Executable = executable, Prefix = facts.Prefix, BasePrefix = facts.BasePrefix, LibDir = facts.LibDir,
            LdLibrary = facts.LdLibrary, InstSoName = facts.InstSoName, EnableShared = facts.EnableShared, GilDisabled = facts.GilDisabled,
        };
    }
}
