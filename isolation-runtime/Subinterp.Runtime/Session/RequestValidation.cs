using Subinterp.Runtime.Leaks;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runtime.Session;

/// <summary>Every check of a request that needs nothing but the request, in one place, with the options named as the CLI spells them.</summary>
public static class RequestValidation
{
    /// <exception cref="RunSetupException">The first problem found, naming the option and the fix.</exception>
    public static void Validate(RunOptions options)
    {
        if (options.Paths.Count == 0 && !options.Resume)
        {
            throw new RunSetupException("give the test folders or files to run (or --resume to finish an interrupted run).");
        }
        if (options.Jobs < 1)
        {
            throw new RunSetupException($"--jobs must be at least 1 (got {options.Jobs}).");
        }
        if (options.OutputLimitBytes < 0)
        {
            throw new RunSetupException($"--output-limit must not be negative (got {options.OutputLimitBytes}).");
        }
        if (options.ModuleTimeoutSeconds is <= 0 || options.TestTimeoutSeconds is <= 0)
        {
            throw new RunSetupException("--timeout and --test-timeout take a positive number of seconds.");
        }
        if (options.MemoryLimitMegabytes < 0)
        {
            throw new RunSetupException($"--memory-limit takes megabytes, or 0 for no limit (got {options.MemoryLimitMegabytes}).");
        }
        if (options.MaxWorkerRestarts < 0)
        {
            throw new RunSetupException($"--max-worker-restarts must not be negative (got {options.MaxWorkerRestarts}).");
        }
        if (options.RepeatLifecycles != 1 && options.RepeatLifecycles < LifecycleLeakRule.MinimumLifecycles)
        {
            throw new RunSetupException($"--repeat-lifecycles needs at least {LifecycleLeakRule.MinimumLifecycles} lifecycles to tell steady growth from warm-up (got {options.RepeatLifecycles}); 6 or more is better.");
        }
        options.Shard?.Validate();
        if (string.IsNullOrWhiteSpace(options.Pattern))
        {
            throw new RunSetupException("--pattern must not be empty (the default is 'test*.py').");
        }
        foreach (var id in options.TestIds)
        {
            if (string.IsNullOrWhiteSpace(id) || id.Any(char.IsWhiteSpace) && !id.Contains('['))
            {
                throw new RunSetupException($"--test '{id}' is not a test id: give a module, class or test id such as pkg.test_mod.Class.test_x (see `subinterp list`).");
            }
        }
        foreach (var keyword in options.Keywords)
        {
            if (string.IsNullOrWhiteSpace(keyword))
            {
                throw new RunSetupException("-k needs a text to look for in test ids (e.g. -k json).");
            }
        }
    }
}
