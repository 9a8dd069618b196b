using System.Security;
using Subinterp.EndToEnd.Tests;
using Subinterp.Testing;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>
/// What a user does: `dotnet pack` the adapter, add the package to a fresh test project (a local
/// folder source beside the normal feed), point PythonTestRoot at Python tests, run `dotnet test`.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("subinterp-package-").FullName;
    // A version of its own: the global package cache never serves an older build of the same version.
    private readonly string _version = $"0.1.0-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public void Dispose()
    {
        Directory.Delete(_work, recursive: true);
        var cached = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "subinterp.testadapter", _version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    // Packaging does not depend on the Python version: the newest found is enough.
    [Fact]
    public void PackedAdapterRunsAFreshProjectOnBothPlatforms()
    {
        var python = InstalledPythons.Newest;
        var feed = Path.Combine(_work, "feed");
        DotnetCommand.Run(RepoPaths.Root,
            ["pack", Path.Combine(RepoPaths.Root, "adapter", "Subinterp.TestAdapter", "Subinterp.TestAdapter.csproj"), "-c", "Release", "-o", feed,
             "--artifacts-path", Path.Combine(_work, "pack"), $"-p:Version={_version}"]).Succeeded();
        var project = Path.Combine(_work, "Fresh.Tests");
        Directory.CreateDirectory(project);
        // Only adds the local folder: the normal feed comes from the user's own NuGet configuration.
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="subinterp-local" value="{SecurityElement.Escape(feed)}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Fresh.Tests.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <SubinterpPython>{SecurityElement.Escape(python.Executable)}</SubinterpPython>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="{PackageVersion("Microsoft.NET.Test.Sdk")}" />
                <PackageReference Include="Subinterp.TestAdapter" Version="{_version}" />
                <PythonTestRoot Include="{SecurityElement.Escape(Path.Combine(RepoPaths.SampleSuite("clean"), "test_arithmetic.py"))}" />
                <PythonTestRoot Include="{SecurityElement.Escape(Path.Combine(RepoPaths.SampleSuite("clean"), "test_failures.py"))}" />
              </ItemGroup>
            </Project>
            """);

        var vstest = DotnetCommand.Run(project, ["test", "--logger", "trx;LogFileName=fresh.trx", "--results-directory", Path.Combine(_work, "vstest")]);

        Assert.True(vstest.ExitCode == 1, "test_failures fails on purpose; " + vstest.Describe());
        var trx = TrxReport.Load(Path.Combine(_work, "vstest", "fresh.trx"));
        Assert.Equal(11, trx.Results.Count); // 6 + 3 tests, 2 isolation cases
        Assert.Equal("Passed", trx["test_arithmetic.ArithmeticTests.test_add"].Outcome);
        Assert.Equal("Failed", trx["test_failures.FailureTests.test_assertion_fails"].Outcome);
        Assert.Equal("Passed", trx["test_failures::isolation"].Outcome);
        // The worker came with the package and runs beside the adapter.
        Assert.True(File.Exists(Path.Combine(project, "bin", "Debug", "net10.0", "Subinterp.Worker.dll")));

        // The same project as a Microsoft.Testing.Platform application, run directly.
        var mtpOutput = Path.Combine(_work, "mtp-bin");
        DotnetCommand.Run(project, ["build", "-p:EnableSubinterpRunner=true", "-o", mtpOutput]).Succeeded();
        var mtp = DotnetCommand.Run(project, ["exec", Path.Combine(mtpOutput, "Fresh.Tests.dll"), "--report-trx", "--report-trx-filename", "fresh.trx", "--results-directory", Path.Combine(_work, "mtp")]);
        Assert.True(mtp.ExitCode == 2, "MTP exits 2 when a test failed; " + mtp.Describe());
        var mtpTrx = TrxReport.Load(Path.Combine(_work, "mtp", "fresh.trx"));
        Assert.Equal(trx.Names.Order(StringComparer.Ordinal), mtpTrx.Names.Order(StringComparer.Ordinal));
        Assert.Equal(trx.Results.Select(r => (r.Name, r.Outcome)).OrderBy(r => r.Name, StringComparer.Ordinal), mtpTrx.Results.Select(r => (r.Name, r.Outcome)).OrderBy(r => r.Name, StringComparer.Ordinal));
    }

    /// <summary>The version Directory.Packages.props pins, so the fresh project uses what the repository tests with.</summary>
    private static string PackageVersion(string id) =>
        System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(element => (string?)element.Attribute("Include") == id).Attribute("Version")!.Value;
}
