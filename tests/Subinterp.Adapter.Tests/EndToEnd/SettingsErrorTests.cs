using Subinterp.Testing;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>A bad setting stops `dotnet test` with a message naming the setting and the fix, on both platforms.</summary>
public sealed class SettingsErrorTests
{
    // Settings are read before any Python runs: the newest found is enough.
    [Fact]
    public void VSTestBadRunSettingsValueFailsTheRunWithTheFix()
    {
        var python = InstalledPythons.Newest;
        var run = SampleProject.Run(TestPlatform.VSTest, python, "--", "Subinterp.Jobs=0");

        Assert.NotEqual(0, run.Command.ExitCode);
        Assert.Contains("<Subinterp><Jobs> in the run settings is '0': give a whole number of slots, at least 1.", run.Command.Stdout + run.Command.Stderr);
    }

    [Fact]
    public void MtpMissingPythonFailsTheRunWithTheLocatorsMessage()
    {
        var python = InstalledPythons.Newest;
        var run = SampleProject.Run(TestPlatform.Mtp, python, "--settings", WriteRunSettings($"<Python>{MissingPython}</Python>"));

        Assert.NotEqual(0, run.Command.ExitCode);
        // The platform shows adapter errors only as a count: the failed setup case carries the text.
        var setup = run.Trx()["subinterp::setup"];
        Assert.Equal("Failed", setup.Outcome);
        Assert.StartsWith($"Subinterp: Subinterp.Samples.Tests.dll: {MissingPython} does not exist.", setup.Message);
        Assert.Contains("subinterp::setup", run.Command.Stdout);
    }

    private static readonly string MissingPython = Path.Combine(Path.GetTempPath(), "subinterp-no-such-python", "bin", "python3");

    private static string WriteRunSettings(string subinterp)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("subinterp-settings-").FullName, "bad.runsettings");
        File.WriteAllText(file, $"<RunSettings><Subinterp>{subinterp}</Subinterp></RunSettings>");
        return file;
    }
}
