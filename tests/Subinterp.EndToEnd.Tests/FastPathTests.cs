using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Xunit;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// What the per-module fast path must not change: unittest's failure-only helpers are deferred
/// until used, the driver imports less, and the worker picks its own memory allocator; every
/// module still gets a fresh interpreter. Each behaviour is checked by a real suite through the real CLI.
/// </summary>
public sealed class FastPathTests
{
    private static string WriteSuite(params (string Name, string Source)[] modules)
    {
        var folder = Directory.CreateTempSubdirectory("subinterp-fastpath-").FullName;
        foreach (var (name, source) in modules)
        {
            File.WriteAllText(Path.Combine(folder, name), source.ReplaceLineEndings("\n"));
        }
        return folder;
    }

    private static CliRun Run(PythonInstallation python, string suite, string jobs, IDictionary<string, string?>? environment = null) =>
        CliRun.Start(["run", suite, "-j", jobs, "--python", python.Executable, "--engine", "unittest", "--json", "report.json"],
            environment: environment);

    private static Dictionary<string, string> Outcomes(CliRun run) => run.ReadJson("report.json")["modules"]!.AsArray()
        .SelectMany(m => m!["tests"]!.AsArray())
        .ToDictionary(t => (string)t!["id"]!, t => (string)t!["outcome"]!);

    [PythonTheory]
    public void ConsecutiveModulesOnOneSlotSeeNothingOfEachOther(PythonInstallation python)
    {
        // One slot: the modules run one after another on the same thread, each in its own interpreter.
        var modules = Enumerable.Range(0, 4).Select(n => ($"test_fresh_{n}.py", $$"""
            import sys
            import unittest


            class Fresh{{n}}(unittest.TestCase):
                def test_nothing_left_by_earlier_modules(self):
                    self.assertFalse(hasattr(sys, "subinterp_marker"))
                    self.assertEqual([], [m for m in sys.modules if m.startswith("test_fresh_") and m != __name__])
                    self.assertNotIn("subinterp_driver", dir(sys.modules["__main__"]))
                    sys.subinterp_marker = {{n}}
            """)).ToArray();
        var run = Run(python, WriteSuite(modules), "1");

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.All(Outcomes(run).Values, outcome => Assert.Equal("passed", outcome));
        var ids = run.ReadJson("report.json")["modules"]!.AsArray().Select(m => (long)m!["interpreter"]!["id"]!).ToList();
        Assert.Equal(4, ids.Distinct().Count());
    }

    [PythonTheory]
    public void DeferredFrameworkHelpersWorkWhenUsed(PythonInstallation python)
    {
        var suite = WriteSuite(("test_helpers.py", """
            import argparse
            import difflib
            import pprint
            import sys
            import unittest


            class Helpers(unittest.TestCase):
                def test_failure_messages_still_show_diffs(self):
                    with self.assertRaises(AssertionError) as caught:
                        self.assertEqual({"a": 1, "b": [1, 2, 3]}, {"a": 1, "b": [1, 2, 4]})
                    self.assertIn("- ", str(caught.exception))
                    self.assertIn("+ ", str(caught.exception))

                def test_modules_are_plain_once_used(self):
                    self.assertEqual("{'a': 1}", pprint.pformat({"a": 1}))
                    self.assertEqual(["- a", "+ b"], list(difflib.ndiff(["a"], ["b"])))
                    self.assertEqual(3, argparse.Namespace(n=3).n)
                    for module in (pprint, difflib, argparse):
                        self.assertIs(type(module), type(sys))
                        self.assertIs(sys.modules[module.__name__], module)

                def test_argparse_parses(self):
                    parser = argparse.ArgumentParser()
                    parser.add_argument("--n", type=int)
                    self.assertEqual(3, parser.parse_args(["--n", "3"]).n)
            """));
        var run = Run(python, suite, "1");

        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Equal(3, Outcomes(run).Values.Count(outcome => outcome == "passed"));
    }

    [PythonTheory]
    public void TheWorkersAllocatorChoiceIsInvisibleToTests(PythonInstallation python)
    {
        var suite = WriteSuite(("test_environment.py", """
            import os
            import subprocess
            import sys
            import unittest


            class Environment(unittest.TestCase):
                def test_pythonmalloc_is_what_the_user_set(self):
                    expected = os.environ.get("SUBINTERP_EXPECTED_PYTHONMALLOC") or None
                    self.assertEqual(expected, os.environ.get("PYTHONMALLOC"))
                    child = subprocess.run([sys.executable, "-c", "import os; print(os.environ.get('PYTHONMALLOC'))"],
                                           capture_output=True, text=True, check=True)
                    self.assertEqual(str(expected), child.stdout.strip())

                def test_mimallocs_options_are_not_in_the_environment(self):
                    script = "import os; print(sorted(k for k in os.environ if k.startswith('MIMALLOC_')))"
                    self.assertEqual([], sorted(k for k in os.environ if k.startswith("MIMALLOC_")))
                    child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
                    self.assertEqual("[]", child.stdout.strip())

                def test_the_worker_heaps_are_on_huge_pages_where_the_kernel_offers_them(self):
                    # The worker's own choice (mimalloc, 3.13+) in madvise mode: without the worker's
                    # MIMALLOC_ options, mimalloc never asks for huge pages.
                    try:
                        with open("/sys/kernel/mm/transparent_hugepage/enabled") as f:
                            mode = f.read()
                    except OSError:
                        self.skipTest("no transparent huge pages here")
                    if "[madvise]" not in mode or sys.version_info < (3, 13) or os.environ.get("SUBINTERP_EXPECTED_PYTHONMALLOC"):
                        self.skipTest("the worker keeps Python's own allocator, or the kernel decides alone")
                    # What this Python's mimalloc gives a plain process with the same options: the
                    # mimalloc of Debian's 3.14 and 3.15 gives none (measured), 3.13's does.
                    measure = ("x = [object() for _ in range(300000)]\n"
                               "print(sum(int(l.split()[1]) for l in open('/proc/self/smaps_rollup') if l.startswith('AnonHugePages:')))")
                    options = {"PYTHONMALLOC": "mimalloc", "MIMALLOC_LARGE_OS_PAGES": "1", "MIMALLOC_EAGER_COMMIT_DELAY": "0", "MIMALLOC_PURGE_DELAY": "-1"}
                    plain = subprocess.run([sys.executable, "-c", measure], capture_output=True, text=True, check=True,
                                           env={**os.environ, **options})
                    if int(plain.stdout.strip()) == 0:
                        self.skipTest("this Python's mimalloc gives no huge pages to a plain process with the same options")
                    with open("/proc/self/smaps_rollup") as f:
                        huge = [int(line.split()[1]) for line in f if line.startswith("AnonHugePages:")]
                    self.assertGreater(sum(huge), 0)
            """));

        var chosen = Run(python, suite, "1");
        var userSet = Run(python, suite, "1", new Dictionary<string, string?>
        {
            ["PYTHONMALLOC"] = "malloc", ["SUBINTERP_EXPECTED_PYTHONMALLOC"] = "malloc",
        });

        Assert.True(chosen.ExitCode == 0, chosen.Describe());
        Assert.True(userSet.ExitCode == 0, userSet.Describe());
    }
}
