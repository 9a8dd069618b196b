using System.Text.Json;
using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

/// <summary>
/// The per-user record of probe answers (pythons-v1.json): a later locator recalls what an
/// earlier one learned, probes again what changed, survives a corrupt file and concurrent writers,
/// and only runs candidates that can change the answer.
/// </summary>
public sealed class KnownPythonsTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string CacheFile => temp.Combine("cache", "subinterp", KnownPythons.FileName);

    private Dictionary<string, string?> Machine(params (string Name, string? Value)[] more) =>
        TestEnvironment.Only([("PATH", temp.Combine("bin")), ("XDG_CACHE_HOME", temp.Combine("cache")), .. more]);

    private static string RealInterpreter => RealPath.Resolve(InstalledPythons.Newest.Executable);

    private static string Minor(PythonInstallation python) => $"{python.Version.Major}.{python.Version.Minor}";

    [Fact]
    public void A_later_locator_recalls_the_answer_without_running_anything()
    {
        temp.Link("bin/python3", RealInterpreter);
        var first = new PythonLocator(Machine());
        var found = first.Locate(null);
        Assert.True(first.ProbesRun >= 1);
        Assert.True(File.Exists(CacheFile));

        var probe = new CountingProbe();
        var second = new PythonLocator(Machine(), probe);
        var again = second.Locate(null);

        Assert.Empty(probe.Asked);
        Assert.Equal(0, second.ProbesRun);
        Assert.Equal(found, again);
    }

    [Fact]
    public void An_executable_that_changed_size_or_time_is_probed_again()
    {
        var script = temp.WriteExecutable("bin/python3", "#!/bin/sh\nexit 1\n");
        var probe = new CountingProbe(path => FakeProbe.CPython(path, "3.13.0", null));
        new PythonLocator(Machine(), probe).FindAll();
        new PythonLocator(Machine(), probe).FindAll();
        Assert.Single(probe.Asked);

        File.AppendAllText(script, "# reinstalled\n");
        new PythonLocator(Machine(), probe).FindAll();
        Assert.Equal(2, probe.Asked.Count);

        File.SetLastWriteTimeUtc(script, DateTime.UtcNow.AddMinutes(-5));
        new PythonLocator(Machine(), probe).FindAll();
        Assert.Equal(3, probe.Asked.Count);

        new PythonLocator(Machine(), probe).FindAll();
        Assert.Equal(3, probe.Asked.Count);
    }

    [Fact]
    public void A_venv_whose_configuration_changed_is_probed_again()
    {
        temp.WriteExecutable("venv/bin/python3", "#!/bin/sh\nexit 1\n");
        File.WriteAllText(temp.Combine("venv", "pyvenv.cfg"), "home = /usr/bin\n");
        var probe = new CountingProbe(path => FakeProbe.CPython(path, "3.13.0", null));
        var environment = TestEnvironment.Only(("PATH", temp.Combine("venv", "bin")), ("XDG_CACHE_HOME", temp.Combine("cache")));
        new PythonLocator(environment, probe).FindAll();

        File.WriteAllText(temp.Combine("venv", "pyvenv.cfg"), "home = /opt/python/bin\nversion = 3.13.1\n");
        new PythonLocator(environment, probe).FindAll();

        Assert.Equal(2, probe.Asked.Count);
    }

    [Fact]
    public void A_corrupt_file_counts_as_empty_and_is_replaced_with_a_valid_one()
    {
        temp.WriteExecutable("bin/python3", "#!/bin/sh\nexit 1\n");
        Directory.CreateDirectory(Path.GetDirectoryName(CacheFile)!);
        File.WriteAllText(CacheFile, "{\"entries\": {\"/x\": {\"facts\": 12}, trunc");
        var probe = new CountingProbe(path => FakeProbe.CPython(path, "3.13.0", null));

        var found = Assert.Single(new PythonLocator(Machine(), probe).FindAll());

        Assert.Equal("3.13.0", found.VersionText);
        using var written = JsonDocument.Parse(File.ReadAllText(CacheFile));
        Assert.True(written.RootElement.GetProperty("entries").TryGetProperty(temp.Combine("bin", "python3"), out _));
        new PythonLocator(Machine(), probe).FindAll();
        Assert.Single(probe.Asked);
    }

    [Fact]
    public void A_malformed_entry_is_probed_again_and_the_other_entries_are_still_recalled()
    {
        temp.WriteExecutable("bin/python3", "#!/bin/sh\nexit 1\n");
        temp.WriteExecutable("bin/python3.13", "#!/bin/sh\nexit 1\n");
        var probe = new CountingProbe(path => FakeProbe.CPython(path, "3.13.0", null));
        new PythonLocator(Machine(), probe).FindAll();
        Assert.Equal(2, probe.Asked.Count);
        // Entries are read as they are asked for: one of the wrong shape spoils only itself.
        var record = JsonNode.Parse(File.ReadAllText(CacheFile))!;
        record["entries"]![temp.Combine("bin", "python3.13")]!["size"] = "not a number";
        File.WriteAllText(CacheFile, record.ToJsonString());

        new PythonLocator(Machine(), probe).FindAll();

        Assert.Equal(3, probe.Asked.Count);
        Assert.Equal(temp.Combine("bin", "python3.13"), probe.Asked[^1]);
    }

    [Fact]
    public void An_answer_for_an_executable_that_is_gone_is_dropped_at_the_next_write()
    {
        var directory = temp.Combine("cache", "subinterp");
        var gone = temp.WriteExecutable("venv/bin/python", "#!/bin/sh\nexit 1\n");
        var kept = temp.WriteExecutable("bin/python3.13", "#!/bin/sh\nexit 1\n");
        var first = new KnownPythons(directory);
        first.Learn(gone, FakeProbe.CPython(gone, "3.13.0", null));
        first.Learn(kept, FakeProbe.CPython(kept, "3.13.0", null));
        first.Save();
        Directory.Delete(temp.Combine("venv"), recursive: true);

        var later = temp.WriteExecutable("bin/python3.14", "#!/bin/sh\nexit 1\n");
        var second = new KnownPythons(directory);
        second.Learn(later, FakeProbe.CPython(later, "3.14.0", null));
        second.Save();

        using var written = JsonDocument.Parse(File.ReadAllText(CacheFile));
        var entries = written.RootElement.GetProperty("entries").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal);
        Assert.Equal([kept, later], entries);
    }

    [Fact]
    public void Without_XDG_CACHE_HOME_or_HOME_nothing_is_written()
    {
        temp.WriteExecutable("bin/python3", "#!/bin/sh\nexit 1\n");
        var probe = new CountingProbe(path => FakeProbe.CPython(path, "3.13.0", null));
        new PythonLocator(TestEnvironment.Only(("PATH", temp.Combine("bin"))), probe).FindAll();
        new PythonLocator(TestEnvironment.Only(("PATH", temp.Combine("bin"))), probe).FindAll();

        Assert.Equal(2, probe.Asked.Count);
        Assert.False(Directory.Exists(temp.Combine("cache")));
    }

    [Fact]
    public void Writers_running_at_once_leave_a_file_every_reader_can_use()
    {
        var directory = temp.Combine("cache", "subinterp");
        var facts = Enumerable.Range(0, 16).Select(i => temp.WriteExecutable($"bin/python3.{i}", "#!/bin/sh\nexit 1\n")).ToList();
        Parallel.ForEach(facts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, path =>
        {
            for (var round = 0; round < 5; round++)
            {
                var known = new KnownPythons(directory);
                known.Learn(path, FakeProbe.CPython(path, "3.13.0", null));
                known.Save();
                // The rename is atomic: a reader sees an old or a new file, never a half-written one.
                using var seen = JsonDocument.Parse(File.ReadAllText(CacheFile));
            }
        });

        var last = new KnownPythons(directory);
        Assert.Contains(facts, path => last.Recall(path) is { VersionText: "3.13.0" });
        Assert.Empty(Directory.GetFiles(directory, "*.tmp"));
    }

    [Fact]
    public void A_version_request_runs_only_candidates_whose_names_can_match()
    {
        var newest = InstalledPythons.Newest;
        var wanted = temp.WriteExecutable($"bin/python{Minor(newest)}", "#!/bin/sh\nexit 1\n");
        var other = temp.WriteExecutable($"bin/python{newest.Version.Major}.{newest.Version.Minor + 1}", "#!/bin/sh\nexit 1\n");
        var probe = new CountingProbe(path => CountingProbe.RealFactsAs(newest, path));

        var found = new PythonLocator(Machine(), probe).Locate(Minor(newest));

        Assert.Equal(wanted, found.Executable);
        Assert.DoesNotContain(other, probe.Asked);
    }

    [Fact]
    public void Without_a_request_nothing_older_than_a_known_usable_Python_is_run()
    {
        var newest = InstalledPythons.Newest;
        var known = temp.WriteExecutable($"bin/python{Minor(newest)}", "#!/bin/sh\nexit 1\n");
        var probe = new CountingProbe(path => CountingProbe.RealFactsAs(newest, path));
        new PythonLocator(Machine(), probe).FindAll();
        Assert.Equal([known], probe.Asked);

        var older = temp.WriteExecutable($"bin/python{newest.Version.Major}.{newest.Version.Minor - 1}", "#!/bin/sh\nexit 1\n");
        var unnamed = temp.WriteExecutable("bin/python", "#!/bin/sh\nexit 1\n");
        var found = new PythonLocator(Machine(), probe).Locate(null);

        Assert.Equal(known, found.Executable);
        Assert.DoesNotContain(older, probe.Asked);
        Assert.Contains(unnamed, probe.Asked); // its name says nothing: it could be newer
    }
}
