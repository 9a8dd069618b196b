using System.IO.Compression;
using System.Security;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Subinterp.EndToEnd.Tests;
using Subinterp.Testing;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>
/// The adapter as `dotnet pack` makes it, in a local folder source with a version of its own (the
/// global package cache never serves an older build of the same version); packed once for the
/// tests of <see cref="PackageTests"/>.
/// </summary>
public sealed class PackedAdapter : IDisposable
{
    public string Work { get; } = Directory.CreateTempSubdirectory("subinterp-package-").FullName;
    public string Version { get; } = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";
    public string Feed => Path.Combine(Work, "feed");
    public string Package => Path.Combine(Feed, $"Subinterp.TestAdapter.{Version}.nupkg");

    public PackedAdapter()
    {
        DotnetCommand.Run(RepoPaths.Root,
            ["pack", Path.Combine(RepoPaths.Root, "adapter", "Subinterp.TestAdapter", "Subinterp.TestAdapter.csproj"), "-c", "Release", "-o", Feed,
             "--artifacts-path", Path.Combine(Work, "pack"), $"-p:Version={Version}"]).Succeeded();
    }

    /// <summary>A new test project beside the others, using the package as a user would: only the local folder added to their NuGet sources.</summary>
    public string FreshProject(string name, string pythonExecutable, string items)
    {
        var project = Path.Combine(Work, name);
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="subinterp-local" value="{SecurityElement.Escape(Feed)}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, $"{name}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <SubinterpPython>{SecurityElement.Escape(pythonExecutable)}</SubinterpPython>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{PackageVersion("Microsoft.NET.Test.Sdk")}" />
                <PackageReference Include="Subinterp.TestAdapter" Version="{Version}" />
                {items}
              </ItemGroup>
            </Project>
            """);
        return project;
    }

    public void Dispose()
    {
        Directory.Delete(Work, recursive: true);
        var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "subinterp.testadapter", Version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    /// <summary>The version Directory.Packages.props pins, so the fresh project uses what the repository tests with.</summary>
    private static string PackageVersion(string id) =>
        XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(element => (string?)element.Attribute("Include") == id).Attribute("Version")!.Value;
}

/// <summary>
/// What a user does: `dotnet pack` the adapter, add the package to a fresh test project, point
/// PythonTestRoot at Python tests, run `dotnet test` (VSTest) and the project as a
/// Microsoft.Testing.Platform application.
/// </summary>
// Packing compiles the native worker (Native AOT: clang, zlib), which the Debian sid root does not
// carry; .ci/run packs on the host only (the package's contents do not depend on the Python).
[Trait("Needs", "Packing")]
public sealed class PackageTests(PackedAdapter package) : IClassFixture<PackedAdapter>
{
    // Packaging does not depend on the Python version: the newest found is enough.
    [Fact]
    public void PackedAdapterRunsAFreshProjectOnBothPlatforms()
    {
        var python = InstalledPythons.Newest;
        var project = package.FreshProject("Fresh.Tests", python.Executable, $"""
            <PythonTestRoot Include="{SecurityElement.Escape(Path.Combine(RepoPaths.SampleSuite("clean"), "test_arithmetic.py"))}" />
            <PythonTestRoot Include="{SecurityElement.Escape(Path.Combine(RepoPaths.SampleSuite("clean"), "test_failures.py"))}" />
            """);

        var vstest = DotnetCommand.Run(project, ["test", "--logger", "trx;LogFileName=fresh.trx", "--results-directory", Path.Combine(package.Work, "vstest")]);

        Assert.True(vstest.ExitCode == 1, "test_failures fails on purpose; " + vstest.Describe());
        var trx = TrxReport.Load(Path.Combine(package.Work, "vstest", "fresh.trx"));
        Assert.Equal(11, trx.Results.Count); // 6 + 3 tests, 2 isolation cases
        Assert.Equal("Passed", trx["test_arithmetic.ArithmeticTests.test_add"].Outcome);
        Assert.Equal("Failed", trx["test_failures.FailureTests.test_assertion_fails"].Outcome);
        Assert.Equal("Passed", trx["test_failures::isolation"].Outcome);
        // The worker came with the package and runs beside the adapter.
        Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", "Subinterp.Worker.dll")));

        // The same project as a Microsoft.Testing.Platform application, run directly.
        var mtpOutput = Path.Combine(package.Work, "mtp-bin");
        DotnetCommand.Run(project, ["build", "-p:EnableSubinterpRunner=true", "-o", mtpOutput]).Succeeded();
        var mtp = DotnetCommand.Run(project, ["exec", Path.Combine(mtpOutput, "Fresh.Tests.dll"), "--report-trx", "--report-trx-filename", "fresh.trx", "--results-directory", Path.Combine(package.Work, "mtp")]);
        Assert.True(mtp.ExitCode == 2, "MTP exits 2 when a test failed; " + mtp.Describe());
        var mtpTrx = TrxReport.Load(Path.Combine(package.Work, "mtp", "fresh.trx"));
        Assert.Equal(trx.Names.Order(StringComparer.Ordinal), mtpTrx.Names.Order(StringComparer.Ordinal));
        Assert.Equal(trx.Results.Select(r => (r.Name, r.Outcome)).OrderBy(r => r.Name, StringComparer.Ordinal), mtpTrx.Results.Select(r => (r.Name, r.Outcome)).OrderBy(r => r.Name, StringComparer.Ordinal));
    }

    [Fact]
    public void ThePackageDeclaresWhatItNeedsAndCarriesTheNativeWorker()
    {
        using var nupkg = ZipFile.OpenRead(package.Package);
        var nuspec = XDocument.Load(nupkg.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;

        // The runtime inside the package reads pyproject.toml with Tomlyn: its dependency is the package's.
        Assert.Contains(nuspec.Descendants(ns + "dependency"), dependency => (string?)dependency.Attribute("id") == "Tomlyn");
        Assert.Equal("MIT", nuspec.Descendants(ns + "license").Single(license => (string?)license.Attribute("type") == "expression").Value);
        Assert.Contains(nupkg.Entries, entry => entry.FullName == "lib/net10.0/Subinterp.Runtime.dll");
        Assert.Contains(nupkg.Entries, entry => entry.FullName == "build/worker/Subinterp.Worker.dll");
        Assert.Contains(nupkg.Entries, entry => Regex.IsMatch(entry.FullName, "^build/native-worker/linux-[a-z0-9]+/subinterp-worker$"));
        Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "LICENSE")) && File.ReadAllText(Path.Combine(RepoPaths.Root, "LICENSE")).Contains("Subinterp contributors"));
    }

    /// <summary>
    /// A Python project with [tool.subinterp] (file pattern, both modes, engine; none the default):
    /// `subinterp list`, `subinterp run` and `dotnet test` with the packed adapter, on both
    /// platforms, plan the same modules in the same modes, and the package's native worker runs them.
    /// </summary>
    [Fact]
    public void ListRunAndDotnetTestPlanWhatPyprojectSays()
    {
        var python = InstalledPythons.Newest;
        var app = Path.Combine(package.Work, "app");
        Write(app, "pyproject.toml", """
            [tool.subinterp]
            paths = ["tests"]
            pattern = "check_*.py"
            mode = "both"
            engine = "unittest"
            """);
        Write(app, "tests/check_alpha.py", """
            import os
            import unittest

            class Alpha(unittest.TestCase):
                def test_worker(self):
                    print(os.readlink("/proc/self/exe"))

                def test_two(self):
                    pass
            """);
        Write(app, "tests/check_beta.py", "import unittest\n\nclass Beta(unittest.TestCase):\n    def test_one(self):\n        pass\n");
        // Matches only the default pattern: a front door that ignores pyproject.toml plans it, and it fails.
        Write(app, "tests/test_not_planned.py", "import unittest\n\nclass NotPlanned(unittest.TestCase):\n    def test_fails(self):\n        self.fail('pattern from pyproject.toml ignored')\n");
        var project = package.FreshProject("App.Tests", python.Executable, """<PythonTestRoot Include="../app/tests" />""");

        var list = CliRun.Start(["list", "--python", python.Executable, "--json", "list.json"], app);
        var run = CliRun.Start(["run", "--python", python.Executable, "-j", "2", "--json", "run.json", "--progress", "none"], app);
        var vstest = DotnetCommand.Run(project, ["test", "--logger", "trx;LogFileName=app.trx", "--results-directory", Path.Combine(package.Work, "app-vstest")]);
        var mtpOutput = Path.Combine(package.Work, "app-mtp-bin");
        DotnetCommand.Run(project, ["build", "-p:EnableSubinterpRunner=true", "-o", mtpOutput]).Succeeded();
        var mtp = DotnetCommand.Run(project, ["exec", Path.Combine(mtpOutput, "App.Tests.dll"), "--report-trx", "--report-trx-filename", "app.trx", "--results-directory", Path.Combine(package.Work, "app-mtp")]);

        Assert.True(list.ExitCode == 0, list.Describe());
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.True(vstest.ExitCode == 0, vstest.Describe());
        Assert.True(mtp.ExitCode == 0, mtp.Describe());
        var listing = list.ReadJson("list.json");
        var planned = listing["modules"]!.AsArray()
            .SelectMany(m => new[] { "isolated", "legacy" }.Select(mode => $"{m!["module"]} [{mode}]")).Order(StringComparer.Ordinal).ToList();
        Assert.Equal("both", (string)listing["mode"]!);
        Assert.Equal(["check_alpha [isolated]", "check_alpha [legacy]", "check_beta [isolated]", "check_beta [legacy]"], planned);
        Assert.Equal(planned, run.ReadJson("run.json")["modules"]!.AsArray().Select(m => $"{m!["module"]} [{m["mode"]}]").Order(StringComparer.Ordinal));
        var vstestTrx = TrxReport.Load(Path.Combine(package.Work, "app-vstest", "app.trx"));
        var mtpTrx = TrxReport.Load(Path.Combine(package.Work, "app-mtp", "app.trx"));
        Assert.Equal(planned, IsolationCases(vstestTrx));
        Assert.Equal(planned, IsolationCases(mtpTrx));
        // The sessions behind them planned the same: the journals' headers agree on the modules and every planning option.
        var cli = JournalHeader(Path.Combine(app, ".subinterp"));
        Assert.Equal(Planning(cli), Planning(JournalHeader(Path.Combine(project, "bin", "Debug", "net10.0", ".subinterp"))));
        Assert.Equal(Planning(cli), Planning(JournalHeader(Path.Combine(mtpOutput, ".subinterp"))));
        // The package's worker is the native one on this platform (a framework-dependent worker runs as `dotnet`).
        Assert.EndsWith("/subinterp-worker", vstestTrx.Results.First(result => result.Name.StartsWith("check_alpha.Alpha.test_worker", StringComparison.Ordinal)).StdOut!.Trim());
        var worker = new FileInfo(Path.Combine(project, "bin", "Debug", "net10.0", "subinterp-worker"));
        Assert.True(worker.Exists && worker.UnixFileMode.HasFlag(UnixFileMode.UserExecute), $"{worker.FullName} is missing or not executable");
    }

    private static void Write(string folder, string relative, string text)
    {
        var file = Path.Combine(folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text.ReplaceLineEndings("\n"));
    }

    /// <summary>"module [mode]" of each module's isolation case in a TRX report.</summary>
    private static List<string> IsolationCases(TrxReport trx) =>
        trx.Names.Select(name => Regex.Match(name, @"^(?<module>[\w.]+)::isolation \[(?<mode>isolated|legacy)\]$"))
            .Where(match => match.Success).Select(match => $"{match.Groups["module"].Value} [{match.Groups["mode"].Value}]")
            .Order(StringComparer.Ordinal).ToList();

    private static JsonObject JournalHeader(string stateDirectory) =>
        JsonNode.Parse(File.ReadLines(Path.Combine(stateDirectory, "journal.jsonl")).First())!["header"]!.AsObject();

    private static string Planning(JsonObject header)
    {
        var options = header["options"]!;
        return string.Join(" | ", string.Join(",", header["modules"]!.AsArray().Select(m => (string)m!)), header["engine"], options["pattern"], options["mode"], options["bothModes"],
            options["moduleTimeoutSeconds"], options["defaultModuleTimeoutSeconds"], options["testTimeoutSeconds"]);
    }
}
