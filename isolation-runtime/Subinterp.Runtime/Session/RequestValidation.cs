using Subinterp.Runtime.Configuration;
using Subinterp.Runtime.Orchestration;

namespace Subinterp.Runtime.Session;

/// <summary>
/// Every check of a request that needs nothing but the request, in one place, with the options
/// named as the CLI spells them. Each setting's range is its own rule (<see cref="RunConfiguration"/>),
/// the same one that checked it where a front door read it.
/// </summary>
public static class RequestValidation
{
    /// <exception cref="RunSetupException">The first problem found, naming the option and the fix.</exception>
    public static void Validate(RunOptions options)
    {
        if (options.Paths.Count == 0 && !options.Resume)
        {
            throw new RunSetupException("give the test folders or files to run (or paths = [...] in [tool.subinterp] of pyproject.toml, or --resume to finish an interrupted run).");
        }
        if (RunConfiguration.Problem(options) is { } problem)
        {
            throw new RunSetupException(problem);
        }
        options.Shard?.Validate();
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
