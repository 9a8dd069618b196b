using Subinterp.Adapter.Tests.Support;
using Subinterp.Runtime;
using Subinterp.Runtime.Orchestration;
using Subinterp.TestAdapter.Settings;

namespace Subinterp.Adapter.Tests.Settings;

public sealed class SettingsParserTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Assembly(string manifest)
    {
        _folder.Write("bin/Tests.subinterp.json", manifest);
        return Path.Combine(_folder.Path, "bin", "Tests.dll");
    }

    private static string Manifest(string roots, string settings = "\"python\": \"\", \"mode\": \"\", \"jobs\": \"\", \"engine\": \"\", \"timeout\": \"\", \"testTimeout\": \"\"") =>
        $$"""{ "schema": "subinterp-adapter-manifest/1", "roots": [ {{roots}} ], {{settings}} }""";

    [Fact]
    public void AssemblyWithoutManifestIsNotSubinterps()
    {
        Assert.Null(SettingsParser.Load(Path.Combine(_folder.Path, "Other.Tests.dll"), null));
    }

    [Fact]
    public void ManifestGivesRootsAndSettings()
    {
        var source = Assembly(Manifest(
            """{ "path": "/py/tests", "pattern": "" }, { "path": "/py/more/", "pattern": "*_test.py" }""",
            "\"python\": \"3.13\", \"mode\": \"both\", \"jobs\": \"3\", \"engine\": \"pytest\", \"timeout\": \"60\", \"testTimeout\": \"2.5\""));

        var settings = SettingsParser.Load(source, null)!;

        Assert.Equal([new PythonTestRoot("/py/tests", null), new PythonTestRoot("/py/more", "*_test.py")], settings.Roots);
        Assert.Equal("3.13", settings.Options.Python);
        Assert.True(settings.BothModes);
        Assert.Equal("both", settings.ModeName);
        Assert.Equal(3, settings.Options.Jobs);
        Assert.Equal(EngineChoice.Pytest, settings.Options.Engine);
        Assert.Equal(60, settings.Options.ModuleTimeoutSeconds);
        Assert.Equal(2.5, settings.Options.TestTimeoutSeconds);
        Assert.Equal(Path.Combine(_folder.Path, "bin", ".subinterp"), settings.Options.StateDirectory);
        // Roots with different patterns are separate runs of the runtime; a root without one takes the run's
        // (none here: the engine's own, pytest's python_files).
        Assert.Equal([null, "*_test.py"], settings.RunOptions().Select(options => options.Pattern));
        Assert.All(settings.RunOptions(), options => Assert.Equal(3, options.Jobs));
    }

    [Fact]
    public void RunSettingsSectionOverridesTheManifest()
    {
        var source = Assembly(Manifest("""{ "path": "/py/tests", "pattern": "" }""", "\"python\": \"3.13\", \"mode\": \"\", \"jobs\": \"2\", \"engine\": \"\", \"timeout\": \"\", \"testTimeout\": \"\""));

        var settings = SettingsParser.Load(source, "<RunSettings><Subinterp><Python>3.12</Python><Mode>legacy</Mode><Jobs> 1 </Jobs></Subinterp></RunSettings>")!;

        Assert.Equal("3.12", settings.Options.Python);
        Assert.Equal(InterpreterMode.Legacy, settings.Options.Mode);
        Assert.Equal("legacy", settings.ModeName);
        Assert.Equal(1, settings.Options.Jobs);
        Assert.Equal(1, Assert.Single(settings.RunOptions()).Jobs);
    }

    [Fact]
    public void PythonFileIsItsOwnRoot()
    {
        var file = _folder.Write("tests/test_x.py", "");

        var settings = SettingsParser.Load(file, "<RunSettings><Subinterp><Engine>unittest</Engine></Subinterp></RunSettings>")!;

        Assert.Equal([new PythonTestRoot(file, null)], settings.Roots);
        Assert.Equal(EngineChoice.Unittest, settings.Options.Engine);
        Assert.DoesNotContain(_folder.Path, settings.Options.StateDirectory);
    }

    [Theory]
    [InlineData("\"jobs\": \"zero\"", "SubinterpJobs (in ", "is 'zero': give a whole number of slots, at least 1")]
    [InlineData("\"jobs\": \"0\"", "SubinterpJobs (in ", "is '0': give a whole number of slots, at least 1")]
    [InlineData("\"mode\": \"shared\"", "SubinterpMode (in ", "is 'shared': use isolated, legacy or both")]
    [InlineData("\"engine\": \"nose\"", "SubinterpEngine (in ", "is 'nose': use auto, unittest or pytest")]
    [InlineData("\"timeout\": \"-1\"", "SubinterpTimeout (in ", "is '-1': give a number of seconds, or 0 for no limit")]
    [InlineData("\"testTimeout\": \"soon\"", "SubinterpTestTimeout (in ", "is 'soon': give a number of seconds, or 0 for no limit")]
    public void BadManifestValueNamesThePropertyAndTheFix(string setting, string origin, string problem)
    {
        var source = Assembly(Manifest("""{ "path": "/py/tests", "pattern": "" }""", setting));

        var error = Assert.Throws<RunSetupException>(() => SettingsParser.Load(source, null));

        Assert.StartsWith(origin, error.Message);
        Assert.EndsWith(problem + ".", error.Message);
    }

    [Fact]
    public void BadRunSettingsValueNamesTheElement()
    {
        var source = Assembly(Manifest("""{ "path": "/py/tests", "pattern": "" }"""));

        var error = Assert.Throws<RunSetupException>(() => SettingsParser.Load(source, "<RunSettings><Subinterp><TestTimeout>-3</TestTimeout></Subinterp></RunSettings>"));

        Assert.Equal("<Subinterp><TestTimeout> in the run settings is '-3': give a number of seconds, or 0 for no limit.", error.Message);
    }

    [Fact]
    public void UnknownRunSettingsElementIsAnError()
    {
        var source = Assembly(Manifest("""{ "path": "/py/tests", "pattern": "" }"""));

        var error = Assert.Throws<RunSetupException>(() => SettingsParser.Load(source, "<RunSettings><Subinterp><Jbos>2</Jbos></Subinterp></RunSettings>"));

        Assert.Contains("<Subinterp><Jbos> in the run settings is not a Subinterp setting: use one of <Python>, <Mode>, <Jobs>", error.Message);
        Assert.EndsWith(" Did you mean <Jobs>?", error.Message);
    }

    [Fact]
    public void ManifestWithoutRootsOrOfAnotherSchemaSaysToRebuild()
    {
        var empty = Assembly(Manifest(""));
        Assert.Contains("names no Python test roots: add <PythonTestRoot", Assert.Throws<RunSetupException>(() => SettingsParser.Load(empty, null)).Message);

        var other = Assembly("""{ "schema": "something-else/9" }""");
        Assert.Contains("rebuild the test project", Assert.Throws<RunSetupException>(() => SettingsParser.Load(other, null)).Message);

        var broken = Assembly("{ not json");
        Assert.Contains("is not valid JSON", Assert.Throws<RunSetupException>(() => SettingsParser.Load(broken, null)).Message);
    }
}
