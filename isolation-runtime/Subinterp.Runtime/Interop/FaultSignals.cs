using System.Runtime.CompilerServices;

namespace Subinterp.Runtime.Interop;

/// <summary>
/// Who handles a fault signal in the worker. Python's faulthandler dumps the stacks, puts back the
/// handler it found and raises the signal again; that handler must end the process. The JIT
/// runtime's does, for a signal raised outside managed code. The Native AOT runtime's returns
/// instead when the signal is not a hardware fault of its own (a test's
/// `signal.pthread_kill(self, SIGSEGV)`), and the process carried on with faulthandler uninstalled.
/// In the native worker, the default disposition is put back before faulthandler is enabled, so a
/// fault kills the process as it would kill `python`. The worker's own code never relies on a
/// NullReferenceException being caught, so the .NET handler is not needed there.
/// </summary>
internal static unsafe class FaultSignals
{
    private static readonly int[] Faults = [4 /* SIGILL */, 7 /* SIGBUS */, 8 /* SIGFPE */, 11 /* SIGSEGV */];

    public static void LeaveToPythonInNativeCode()
    {
        if (RuntimeFeature.IsDynamicCodeSupported)
        {
            return; // JIT runtime: its handler ends the process for signals raised outside managed code
        }
        foreach (var signal in Faults)
        {
            var action = default(LibC.SigAction); // SIG_DFL, empty mask, no flags
            LibC.sigaction(signal, &action, null);
        }
    }
}
