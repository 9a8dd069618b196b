using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Protocol;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Tests.Leaks;

public sealed class FindingMessagesTests
{
    private static ModuleResult NewResult() => new() { Module = "test_x", Path = "test_x.py", Mode = InterpreterMode.Isolated };

    [Fact]
    public void A_refusal_first_absorbed_becomes_unsafe_once_it_breaks_something()
    {
        var result = NewResult();
        FindingMessages.Apply(result, new AbsorbedImportMessage { Slot = 0, Seq = 1, Extension = "_datetime", Error = "refused", ImportedBy = "datetime" });
        Assert.Single(result.AbsorbedImports!);

        FindingMessages.Apply(result, new UnsafeImportMessage { Slot = 0, Seq = 1, Extension = "_datetime", Error = "refused", ImportedBy = "datetime", Broke = "test_x.T.test_a" });
        FindingMessages.Apply(result, new UnsafeImportMessage { Slot = 0, Seq = 1, Extension = "_datetime", Error = "refused", Broke = "test_x.T.test_b" });

        Assert.Null(result.AbsorbedImports);
        var unsafeImport = Assert.Single(result.UnsafeImports);
        Assert.Equal("datetime", unsafeImport.ImportedBy);
        Assert.Equal(["test_x.T.test_a", "test_x.T.test_b"], unsafeImport.Broke);
        Assert.Equal(Verdict.Unsafe, VerdictRules.Decide(result));
    }

    [Fact]
    public void Cross_checks_are_kept_once_each_with_why_one_was_not_made()
    {
        var result = NewResult();
        var made = new CrossCheckMessage { Slot = 0, Seq = 1, Extension = "_x", Check = CrossCheck.SharedObject };
        var notMade = new CrossCheckMessage { Slot = 0, Seq = 1, Extension = "_x", Check = CrossCheck.CarryOver, NotRun = "its state right after its first import was not recorded" };

        Assert.True(FindingMessages.Apply(result, made));
        Assert.True(FindingMessages.Apply(result, notMade));
        Assert.True(FindingMessages.Apply(result, made));

        Assert.Equal([new CrossCheck("_x", CrossCheck.SharedObject, null), new CrossCheck("_x", CrossCheck.CarryOver, "its state right after its first import was not recorded")],
            result.CrossChecks);
        Assert.Equal(Verdict.Passed, VerdictRules.Decide(result));
    }

    [Fact]
    public void An_import_error_explained_by_a_refusal_is_unsafe_not_error()
    {
        var result = NewResult();
        result.Error = new ModuleError("import", "ImportError: module _x does not support loading in subinterpreters", null);
        Assert.Equal(Verdict.Error, VerdictRules.Decide(result));

        FindingMessages.Apply(result, new UnsafeImportMessage { Slot = 0, Seq = 1, Extension = "_x", Error = "refused", Broke = UnsafeImport.ModuleImport });

        Assert.Equal(Verdict.Unsafe, VerdictRules.Decide(result));
    }

    [Fact]
    public void Leaks_are_kept_once_and_make_the_module_leaked()
    {
        var result = NewResult();
        for (var i = 0; i < 2; i++)
        {
            FindingMessages.Apply(result, new LeakMessage { Slot = 0, Seq = 1, Kind = "environ", Detail = "X set to '1' (was unset)" });
        }

        Assert.Single(result.Leaks);
        Assert.Equal(Verdict.Leaked, VerdictRules.Decide(result));
    }

    [Fact]
    public void Shared_gil_imports_are_information()
    {
        var result = NewResult();
        FindingMessages.Apply(result, new SharedGilImportMessage { Slot = 0, Seq = 1, Extension = "readline", Reason = "single-phase init", ImportedBy = "test_x" });

        Assert.Equal([new SharedGilImport("readline", "single-phase init", "test_x")], result.SharedGilImports!);
        Assert.Equal(Verdict.Passed, VerdictRules.Decide(result));
    }
}
