using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// Modules under suspicion for one worker death. Each is re-run alone in a fresh worker
/// (quarantine) before anyone is blamed. When all have run: those that crashed alone are crashed;
/// the others keep what they did alone. If none crashed alone, each is reported crashed "only when
/// run alongside" the others, with the original crash's evidence and what it did alone.
/// </summary>
internal sealed class CrashGroup
{
    /// <param name="Others">The modules it ran beside (or before) when the worker died.</param>
    private sealed record Member(TestModule Module, string? Test, string Circumstance, IReadOnlyList<string> Others);

    private readonly WorkerDeath _death;
    private readonly Dictionary<string, Member> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ModuleResult> _alone = new(StringComparer.Ordinal);

    private CrashGroup(WorkerDeath death) => _death = death;

    /// <summary>Several modules ran test code when the worker died.</summary>
    public static CrashGroup OfSuspects(WorkerDeath death, IReadOnlyList<ModuleRun> suspects)
    {
        var group = new CrashGroup(death);
        foreach (var run in suspects)
        {
            var others = suspects.Where(other => other != run).Select(other => other.Module.Name).ToList();
            group.Add(run.Module, CrashAttribution.Test(run), $"when run alongside {string.Join(", ", others)}", others);
        }
        return group;
    }

    /// <summary>The worker died creating interpreters; the modules that ran last on those slots are suspected.</summary>
    public static CrashGroup OfPrevious(WorkerDeath death, IReadOnlyList<ModuleRun> previous, IReadOnlyList<ModuleRun> creating)
    {
        var group = new CrashGroup(death);
        foreach (var run in previous)
        {
            var following = creating.FirstOrDefault(c => c.WorkerSlot == run.WorkerSlot)?.Module.Name;
            var next = following ?? "another module";
            group.Add(run.Module, null, $"when followed by {next}: the worker died creating {next}'s interpreter on the same slot right after this module's had ended",
                following is null ? [] : [following]);
        }
        return group;
    }

    private void Add(TestModule module, string? test, string circumstance, IReadOnlyList<string> others) =>
        _members[module.Key] = new Member(module, test, circumstance, others);

    public IEnumerable<TestModule> Modules => _members.Values.Select(member => member.Module);

    public bool Contains(TestModule module) => _members.ContainsKey(module.Key);

    /// <summary>Records what the module did alone; true once every member has run.</summary>
    public bool Record(TestModule module, ModuleResult alone)
    {
        _alone[module.Key] = alone;
        return _alone.Count == _members.Count;
    }

    public IEnumerable<(TestModule Module, ModuleResult Result)> Decide()
    {
        var anyCrashedAlone = _alone.Values.Any(result => result.Crash is not null);
        // A suspect that timed out alone never showed what it does to the worker after that point:
        // it, not one that finished alone, may be what brought the worker down (a memory bomb that a
        // loaded machine slowed past its timeout). Nobody is blamed for a crash only alongside then;
        // each keeps what it did alone.
        var anyUnfinishedAlone = _alone.Values.Any(result => result.Timeout is not null);
        foreach (var member in _members.Values)
        {
            var result = _alone[member.Module.Key];
            if (result.Error is { Kind: "not-run" } notRun)
            {
                result.Crash = _death.ToCrash(member.Test, $"the worker {_death.Describe()} {member.Circumstance}; it could not be re-run alone ({notRun.Message})");
            }
            else if (result.Crash is { } crash)
            {
                result.Crash = crash with { Reason = $"{crash.Reason}; this happened when it ran alone in a fresh worker, after it first brought a worker down {member.Circumstance}" };
            }
            else if (!anyCrashedAlone && !anyUnfinishedAlone)
            {
                result.Crash = _death.ToCrash(member.Test,
                    $"crashed only {member.Circumstance}: the worker {_death.Describe()}; run alone in a fresh worker it {ResultNames.Of(result.Verdict)}")
                    with { Alongside = member.Others };
            }
            result.Verdict = VerdictRules.Decide(result);
            yield return (member.Module, result);
        }
    }
}
