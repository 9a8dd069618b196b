using System.Diagnostics;
using System.Text.Json.Nodes;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// A test module sees what it would see in a plain process of the same Python: sys.path with
/// PYTHONPATH, the user site and its .pth files; sys.flags as PYTHON* variables set them
/// (PYTHONDONTWRITEBYTECODE honoured: no .pyc beside the tests); the locale, UTF-8 mode and file
/// system encoding, in the environment's locale and in the C locale (which CPython coerces). On 3.14+
/// the worker's main interpreter once started in CPython's isolated configuration and saw none of it.
/// </summary>
public sealed class PlainProcessEnvironmentTests
{
    // The same facts in both: sys.path past its first entry (the test's folder in a subinterpreter,
    // '' for `python -c`), and whatever the environment decides.
    private const string Facts = """
        import json, locale, os, site, sys
        import helper_module_beside_the_test
        with open(os.path.join(os.environ["FACTS_DIR"], "\u00e9t\u00e9.txt"), "w", encoding="utf-8") as f:
            f.write("written under a non-ASCII name")
        import from_pythonpath, from_pth_file
        facts = {
            "path": sys.path[1:],
            "flags": repr(sys.flags),
            "filesystem": [sys.getfilesystemencoding(), sys.getfilesystemencodeerrors()],
            "preferred encoding": locale.getpreferredencoding(False),
            "LC_CTYPE": locale.setlocale(locale.LC_CTYPE),
            "LC_CTYPE variable": os.environ.get("LC_CTYPE"),
            "dont_write_bytecode": sys.dont_write_bytecode,
            "prefixes": [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.executable],
            "user site": [site.ENABLE_USER_SITE, site.USER_SITE],
            "int_max_str_digits": sys.get_int_max_str_digits(),
            "recursion limit": sys.getrecursionlimit(),
        }
        with open(os.environ["FACTS_FILE"], "w", encoding="utf-8") as f:
            json.dump(facts, f, indent=1, sort_keys=True)
        """;

    [PythonTheory]
    public void ATestModuleSeesWhatAPlainProcessSeesInTheEnvironmentsLocale(PythonInstallation python) =>
        Compare(python, cLocale: false);

    [PythonTheory]
    public void ATestModuleSeesWhatAPlainProcessSeesInTheCLocale(PythonInstallation python) =>
        Compare(python, cLocale: true);

    private static void Compare(PythonInstallation python, bool cLocale)
    {
        var work = Directory.CreateTempSubdirectory("subinterp-plain-env-").FullName;
        var pythonPath = Directory.CreateDirectory(Path.Combine(work, "on pythonpath")).FullName;
        File.WriteAllText(Path.Combine(pythonPath, "from_pythonpath.py"), "VALUE = 1\n");
        var fromPth = Directory.CreateDirectory(Path.Combine(work, "named by a pth file")).FullName;
        File.WriteAllText(Path.Combine(fromPth, "from_pth_file.py"), "VALUE = 2\n");
        var environment = new Dictionary<string, string?>
        {
            ["PYTHONPATH"] = pythonPath,
            ["PYTHONUSERBASE"] = Path.Combine(work, "userbase"),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONINTMAXSTRDIGITS"] = "5000",
            ["FACTS_DIR"] = work,
        };
        if (cLocale)
        {
            foreach (var name in new[] { "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE" })
            {
                environment[name] = null;
            }
        }
        var userSite = Plain(python, ["-c", "import site; print(site.getusersitepackages())"], work, environment).Trim();
        Directory.CreateDirectory(userSite);
        File.WriteAllText(Path.Combine(userSite, "subinterp-test.pth"), fromPth + "\n");

        var suite = TempSuite.Create("plain-env", new Dictionary<string, string>
        {
            ["helper_module_beside_the_test.py"] = "HELPER = True\n",
            ["test_environment.py"] = "import unittest\n\nclass Environment(unittest.TestCase):\n    def test_facts(self):\n"
                + string.Join('\n', Facts.Split('\n').Select(line => "        " + line)) + "\n",
        });
        var inSubinterpreter = Path.Combine(work, "subinterpreter.json");
        var run = CliRun.Start(["run", suite, "--python", python.Executable, "-j", "1", "--json", "report.json", "--no-compare-process"],
            environment: new Dictionary<string, string?>(environment) { ["FACTS_FILE"] = inSubinterpreter });
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.False(Directory.Exists(Path.Combine(suite, "__pycache__")),
            $"PYTHONDONTWRITEBYTECODE=1, yet .pyc files were written beside the tests: {string.Join(", ", Directory.EnumerateFiles(suite, "*", SearchOption.AllDirectories))}");

        var inProcess = Path.Combine(work, "process.json");
        Plain(python, ["-c", Facts], suite, new Dictionary<string, string?>(environment) { ["FACTS_FILE"] = inProcess });

        var expected = JsonNode.Parse(File.ReadAllText(inProcess))!.AsObject();
        var actual = JsonNode.Parse(File.ReadAllText(inSubinterpreter))!.AsObject();
        var differences = expected.Select(p => p.Key)
            .Where(key => !JsonNode.DeepEquals(expected[key], actual[key]))
            .Select(key => $"{key}: plain process {expected[key]?.ToJsonString()}, subinterpreter {actual[key]?.ToJsonString()}")
            .ToList();
        Assert.True(differences.Count == 0, string.Join('\n', differences));
        Assert.Contains(pythonPath, expected["path"]!.AsArray().Select(p => (string)p!));
        Assert.Contains(fromPth, expected["path"]!.AsArray().Select(p => (string)p!));
    }

    /// <summary>The Python run as a user runs it, with the environment the CLI got.</summary>
    private static string Plain(PythonInstallation python, string[] args, string workDir, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(python.Executable) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["CI"] = "true";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{python.Executable} {string.Join(' ', args)}: exit {process.ExitCode}\n{stdout.Result}{stderr.Result}");
        return stdout.Result;
    }
}
