using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>Every bad input gets exit code 2 (or the right verdict) and a message that names the problem and the fix.</summary>
public sealed class BadInputTests
{
    [PythonTheory]
    public void MissingPathIsAUsageError(PythonInstallation python)
    {
        var run = CliRun.Start(["run", "no/such/folder", "--python", python.Executable]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("'no/such/folder' does not exist", run.Stderr);
    }

    [PythonTheory]
    public void FolderWithoutTestsIsAUsageError(PythonInstallation python)
    {
        var empty = Directory.CreateTempSubdirectory("subinterp-empty-").FullName;
        File.WriteAllText(Path.Combine(empty, "helpers.py"), "X = 1\n");

        var run = CliRun.Start(["run", empty, "--python", python.Executable]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("no test modules matching 'test*.py'", run.Stderr);
        Assert.Contains("--pattern", run.Stderr);
    }

    [PythonTheory]
    public void PatternOptionFindsOtherNames(PythonInstallation python)
    {
        var folder = Directory.CreateTempSubdirectory("subinterp-pattern-").FullName;
        File.WriteAllText(Path.Combine(folder, "checks_test.py"), "def test_ok():\n    assert True\n");

        var run = CliRun.Start(["run", folder, "--pattern", "*_test.py", "--python", python.Executable, "--json", "r.json"]);

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal("checks_test.test_ok", (string)run.ReadJson("r.json")["modules"]![0]!["tests"]![0]!["id"]!);
    }

    [Fact]
    public void UnknownOptionIsAUsageError()
    {
        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "--frobnicate"]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("--frobnicate", run.Stderr);
        Assert.Contains("--help", run.Stderr);
    }

    [Fact]
    public void InvalidModeValueIsAUsageError()
    {
        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "--mode", "shared"]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("shared", run.Stderr);
    }

    [Fact]
    public void UnknownPythonVersionNamesWhatWasFound()
    {
        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "--python", "3.99"]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("3.99", run.Stderr);
        // What was found instead: whichever CPythons this machine has (GitHub's runners have others than this one).
        var found = InstalledPythons.Locator.FindAll().Select(p => $"{p.Version.Major}.{p.Version.Minor}").Distinct().ToList();
        Assert.True(found.Count > 0, "no CPython found on this machine");
        Assert.Contains(found, version => run.Stderr.Contains(version, StringComparison.Ordinal));
    }

    [Fact]
    public void PythonWithoutPerInterpreterGilIsRefusedWithTheReason()
    {
        // An executable that answers the locator's probe as CPython 3.11 does: the test needs no old
        // Python on the machine (GitHub's runners have 3.12 and newer only).
        var folder = Directory.CreateTempSubdirectory("subinterp-old-python-").FullName;
        var old = Path.Combine(folder, "python3.11");
        File.WriteAllText(old, "#!/bin/sh\necho\necho '{\"version\": [3, 11, 7], \"versionText\": \"3.11.7\", \"implementation\": \"cpython\", " +
            $"\"executable\": \"{old}\", \"prefix\": \"{folder}\", \"basePrefix\": \"{folder}\", \"libDir\": \"{folder}\", " +
            "\"ldLibrary\": \"libpython3.11.so\", \"instSoName\": \"libpython3.11.so.1.0\", \"enableShared\": true, \"gilDisabled\": false}'\n");
        File.SetUnixFileMode(old, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "--python", old]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("3.12", run.Stderr);
        Assert.Contains("PEP 684", run.Stderr);
    }

    [Fact]
    public void PythonPathThatIsNotPythonIsRefused()
    {
        var fake = Path.Combine(Directory.CreateTempSubdirectory("subinterp-fake-").FullName, "python3");
        File.WriteAllText(fake, "#!/bin/sh\necho not python\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "--python", fake]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains(fake, run.Stderr);
    }

    [PythonTheory]
    public void NonPythonFileArgumentIsAUsageError(PythonInstallation python)
    {
        var run = CliRun.Start(["run", Path.Combine(RepoPaths.SampleSuite("clean"), "EXPECTED.md"), "--python", python.Executable]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("is not a Python file", run.Stderr);
    }

    [PythonTheory]
    public void BrokenModulesAreErrorsWhileTheOthersRun(PythonInstallation python)
    {
        var run = CliRun.Start(["run", Path.Combine(RepoPaths.SampleSuite("clean"), "broken"), RepoPaths.SampleSuite("clean") + "/test_arithmetic.py",
            "--python", python.Executable, "--json", "r.json"]);

        Assert.True(run.ExitCode == 1, run.Describe());
        var modules = run.ReadJson("r.json")["modules"]!.AsArray().ToDictionary(m => (string)m!["module"]!, m => m!);
        Assert.Equal("syntax", (string)modules["test_syntax_error"]["error"]!["kind"]!);
        Assert.Equal("import", (string)modules["test_import_error"]["error"]!["kind"]!);
        Assert.Equal("passed", (string)modules["test_arithmetic"]["verdict"]!);
        Assert.Contains("ERROR     test_syntax_error: syntax: SyntaxError", run.Stdout);
    }

    [PythonTheory]
    public void EnginePytestWithoutPytestSaysHowToGetIt(PythonInstallation python)
    {
        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), "--engine", "pytest", "--python", VenvWithPytest.Bare(python)]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("pytest is not importable", run.Stderr);
    }

    [Theory]
    // One wording for every source of a setting (the adapter's and pyproject.toml's say the same after their origin).
    [InlineData("--jobs", "0", "--jobs is '0': give a whole number of slots, at least 1.")]
    [InlineData("--jobs", "two", "--jobs is 'two': give a whole number of slots, at least 1.")]
    [InlineData("--output-limit", "-1", "--output-limit is '-1': give a whole number of bytes, 0 or more.")]
    [InlineData("--timeout", "-5", "--timeout is '-5': give a number of seconds, or 0 for no limit.")]
    [InlineData("--test-timeout", "-2", "--test-timeout is '-2': give a number of seconds, or 0 for no limit.")]
    [InlineData("--memory-limit", "-1", "--memory-limit is '-1': give a whole number of megabytes, or 0 for no limit.")]
    [InlineData("--repeat-lifecycles", "2", "--repeat-lifecycles is '2': give 1 (off) or at least 4 lifecycles")]
    public void OutOfRangeNumbersAreUsageErrorsThatNameTheOption(string option, string value, string message)
    {
        var run = CliRun.Start(["run", RepoPaths.SampleSuite("clean"), option, value, "--json", "r.json"]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains(message, run.Stderr);
        Assert.False(File.Exists(Path.Combine(run.WorkDir, "r.json")), "nothing ran, so no report is written");
    }

    [Fact]
    public void ResumeWithoutAJournalSaysToStartAfresh()
    {
        var run = CliRun.Start(["run", "--resume"]);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("--resume: there is no journal", run.Stderr);
        Assert.Contains("start the run without --resume", run.Stderr);
    }

    [Fact]
    public void ResumeKeepsAnExistingJournalThatItCannotRead()
    {
        var workDir = Directory.CreateTempSubdirectory("subinterp-e2e-").FullName;
        var journal = Path.Combine(workDir, ".subinterp", "journal.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(journal)!);
        File.WriteAllText(journal, "not a journal\n");

        var run = CliRun.Start(["run", "--resume"], workDir);

        Assert.True(run.ExitCode == 2, run.Describe());
        Assert.Contains("is not a", run.Stderr);
        Assert.Equal("not a journal\n", File.ReadAllText(journal));
    }
}
