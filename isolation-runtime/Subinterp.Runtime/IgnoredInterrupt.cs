using Subinterp.Runtime.Interop;

namespace Subinterp.Runtime;

/// <summary>
/// SIGINT ignored in this process: a job a non-interactive shell started with `&amp;`, or nohup. Every
/// process started from here inherits that (exec keeps an ignored signal ignored): the worker, the
/// plain-process comparison, and every process the tests start, whose Python then never installs
/// its KeyboardInterrupt handler, so _thread.interrupt_main() and SIGINT do nothing and a test that
/// waits for them waits for ever. Test code sees what `python -m test` or `python -m unittest`
/// started the same way would see: Subinterp does not change it (a test's outcome must not depend
/// on the runner), and says so instead (`subinterp doctor`, and a notice when a run starts).
/// </summary>
public static class IgnoredInterrupt
{
    private const int SIGINT = 2;

    /// <summary>The warning to give, or null when SIGINT is not ignored.</summary>
    public static unsafe string? Warning()
    {
        LibC.SigAction old;
        if (LibC.sigaction(SIGINT, null, &old) != 0 || old.Handler != LibC.SIG_IGN)
        {
            return null;
        }
        return "SIGINT is ignored in this process (started as a background job with `&`, or under nohup?): the worker, the " +
            "plain-process comparison and every process the tests start inherit that, as they would under `python -m test` started " +
            "the same way, so a test whose subprocess stops itself with _thread.interrupt_main() or SIGINT waits for ever. " +
            "Run it in the foreground, or give it SIGINT back first: python3 -c 'import os, signal, sys; " +
            "signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' subinterp run ...";
    }
}
