namespace Subinterp.Runtime.Orchestration;

/// <summary>Why a module is (re-)run.</summary>
internal enum WorkPurpose
{
    /// <summary>The plan's run of it.</summary>
    Main,

    /// <summary>It was in flight when a worker died beside others: re-run alone before anyone is blamed.</summary>
    CrashQuarantine,

    /// <summary>Its process-level change was seen while other modules ran in the same worker: re-run alone to confirm.</summary>
    LeakConfirmation,

    /// <summary>Its driver failed to start, so none of its code ran: run once more, alone, before anything is reported.</summary>
    StartAgain,

    /// <summary>Tests of it failed while other modules ran in the same worker: those tests run again alone before its result is final.</summary>
    RecheckAlone,

    /// <summary>Listing: collect its tests, run none.</summary>
    Collect,
}

/// <summary>One module to run in one mode, with the tests selected in it (null: all).</summary>
internal sealed record WorkItem(TestModule Module, InterpreterMode Mode, WorkPurpose Purpose, IReadOnlyList<string>? Select)
{
    /// <summary>A module's identity in one mode: what gets exactly one final result.</summary>
    public string Key => ResultKey.Of(Module, Mode);

    /// <summary>Runs in a fresh one-slot worker of its own, beside the others.</summary>
    public bool Alone => Purpose is WorkPurpose.CrashQuarantine or WorkPurpose.LeakConfirmation or WorkPurpose.StartAgain or WorkPurpose.RecheckAlone;

    public WorkItem Again(WorkPurpose purpose) => this with { Purpose = purpose };
}

internal static class ResultKey
{
    public static string Of(TestModule module, InterpreterMode mode) => Of(module.Key, mode);

    public static string Of(string moduleKey, InterpreterMode mode) => $"{mode.Name()}|{moduleKey}";
}
