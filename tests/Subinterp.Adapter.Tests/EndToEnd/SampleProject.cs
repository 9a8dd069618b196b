using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Subinterp.EndToEnd.Tests;
using Subinterp.Runtime.Locating;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>How `dotnet test` drives the sample project.</summary>
public enum TestPlatform
{
    /// <summary>VSTest: Microsoft.NET.Test.Sdk's testhost loads the adapter.</summary>
    VSTest,

    /// <summary>Microsoft.Testing.Platform: the project is its own test application (EnableSubinterpRunner), `dotnet test` in MTP mode (global.json).</summary>
    Mtp,
}

/// <summary>One `dotnet test` of the sample project: what it printed, its TRX, and the session's journal.</summary>
internal sealed record SampleRun(DotnetCommand Command, string ResultsFolder, string JournalFolder)
{
    public TrxReport Trx() => TrxReport.Load(Directory.GetFiles(ResultsFolder, "*.trx", SearchOption.AllDirectories).Single());

    /// <summary>The module files the session planned (the journal's header) and those it has a result for.</summary>
    public (IReadOnlyList<string> Planned, IReadOnlyList<string> Finished) Journal()
    {
        var lines = File.ReadAllLines(Path.Combine(JournalFolder, "journal.jsonl")).Select(line => JsonNode.Parse(line)!.AsObject()).ToList();
        var planned = lines.Single(line => (string?)line["kind"] == "header")["header"]!["modules"]!.AsArray().Select(m => (string)m!).ToList();
        var finished = lines.Where(line => (string?)line["kind"] == "result").Select(line => (string)line["result"]!["key"]!).ToList();
        return (planned, finished);
    }
}

/// <summary>
/// sample-suites/dotnet built once per platform into a private artifacts folder (the repository's
/// bin/ and obj/ stay untouched) and run with `dotnet test`; a run is shared by the tests that
/// assert different things about it. The Python is chosen through the run settings' &lt;Subinterp&gt;
/// section, which the adapter reads on both platforms.
/// </summary>
internal static class SampleProject
{
    private static readonly string Artifacts = CreateArtifacts();
    private static readonly ConcurrentDictionary<TestPlatform, Lazy<string>> Builds = new();
    private static readonly ConcurrentDictionary<(TestPlatform, string, string), Lazy<SampleRun>> Runs = new();

    public static string ProjectFile => Path.Combine(RepoPaths.Root, "sample-suites", "dotnet", "Subinterp.Samples.Tests.csproj");

    /// <summary>The folder the built test assembly, its manifest and the session's state are in.</summary>
    public static string OutputFolder(TestPlatform platform) => Path.Combine(Build(platform), "bin", "Subinterp.Samples.Tests", "release");

    public static SampleRun Run(TestPlatform platform, PythonInstallation python, params string[] arguments) =>
        Runs.GetOrAdd((platform, python.Executable, string.Join('\u0001', arguments)), _ => new Lazy<SampleRun>(() => Start(platform, python, arguments))).Value;

    private static string Build(TestPlatform platform) => Builds.GetOrAdd(platform, _ => new Lazy<string>(() =>
    {
        var artifacts = Path.Combine(Artifacts, platform.ToString().ToLowerInvariant());
        DotnetCommand.Run(RepoPaths.Root, ["build", ProjectFile, "-c", "Release", "--artifacts-path", artifacts, .. PlatformProperties(platform)]).Succeeded();
        return artifacts;
    })).Value;

    private static SampleRun Start(TestPlatform platform, PythonInstallation python, string[] arguments)
    {
        var artifacts = Build(platform);
        var work = Directory.CreateDirectory(Path.Combine(Artifacts, "runs", Guid.NewGuid().ToString("N"))).FullName;
        var results = Path.Combine(work, "results");
        var state = Path.Combine(OutputFolder(platform), ".subinterp");
        // A journal of an earlier run must not pass for this one's.
        if (Directory.Exists(state))
        {
            Directory.Delete(state, recursive: true);
        }
        DotnetCommand command;
        if (platform == TestPlatform.VSTest)
        {
            command = DotnetCommand.Run(work,
            [
                "test", ProjectFile, "-c", "Release", "--artifacts-path", artifacts, "--no-build",
                "--logger", "trx;LogFileName=sample.trx", "--results-directory", results, .. arguments,
                .. arguments.Contains("--") ? Array.Empty<string>() : ["--"], $"Subinterp.Python={python.Executable}",
            ]);
        }
        else
        {
            // `dotnet test` runs Microsoft.Testing.Platform applications when global.json says so.
            var globalJson = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "global.json")))!.AsObject();
            globalJson["test"] = new JsonObject { ["runner"] = "Microsoft.Testing.Platform" };
            File.WriteAllText(Path.Combine(work, "global.json"), globalJson.ToJsonString());
            var runSettings = Path.Combine(work, "python.runsettings");
            File.WriteAllText(runSettings, $"<RunSettings><Subinterp><Python>{System.Security.SecurityElement.Escape(python.Executable)}</Python></Subinterp></RunSettings>");
            var listing = arguments.Contains("--list-tests");
            command = DotnetCommand.Run(work,
            [
                "test", "--project", ProjectFile, "-c", "Release", "--artifacts-path", artifacts, "--no-build", .. PlatformProperties(platform),
                .. listing ? Array.Empty<string>() : ["--report-trx", "--report-trx-filename", "sample.trx", "--results-directory", results],
                .. arguments.Contains("--settings") ? Array.Empty<string>() : ["--settings", runSettings], .. arguments,
            ]);
        }
        // Later runs reuse the output folder: keep this run's journal with its results.
        var journal = Path.Combine(state, "journal.jsonl");
        if (File.Exists(journal))
        {
            File.Copy(journal, Path.Combine(work, "journal.jsonl"));
        }
        return new SampleRun(command, results, work);
    }

    /// <summary>
    /// Builds and runs live in one temporary folder, removed when the test process ends; a test
    /// host that is stopped instead of ending leaves it, so folders of earlier runs (a day old) go
    /// at the start.
    /// </summary>
    private static string CreateArtifacts()
    {
        foreach (var stale in Directory.GetDirectories(Path.GetTempPath(), "subinterp-sample-*")
                     .Where(path => Directory.GetLastWriteTimeUtc(path) < DateTime.UtcNow.AddDays(-1)))
        {
            try
            {
                Directory.Delete(stale, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        var folder = Directory.CreateTempSubdirectory("subinterp-sample-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A build server may still hold a file; the folder is under the temporary directory.
            }
        };
        return folder;
    }

    private static string[] PlatformProperties(TestPlatform platform) => platform == TestPlatform.Mtp ? ["-p:EnableSubinterpRunner=true"] : [];
}
