namespace Subinterp.Runtime.Interop;

/// <summary>
/// Who handles a fault signal in the worker. Python's faulthandler dumps the stacks, puts back the
/// handler it found and raises the signal again from inside its own handler; that handler must end
/// the process. Neither .NET runtime's does: Native AOT's returns from a signal that is not a
/// hardware fault of its own (a test's `signal.pthread_kill(self, SIGSEGV)`), and the process
/// carried on with faulthandler uninstalled. CoreCLR's (the managed worker) is called nested, on the
/// alternate signal stack faulthandler's handler runs on, and moves to the stack pointer the signal
/// interrupted, which is that same stack above its own frames: the worker died of a second SIGSEGV
/// on the alternate stack's guard page, or, given a larger alternate stack, of "stack smashing
/// detected" (SIGABRT, after a second dump). So both workers put the default disposition back before
/// faulthandler is enabled, and a fault kills the process as it would kill `python`. No .NET handler
/// is lost: faulthandler is enabled in every worker and sees every fault first, so the worker's own
/// code could not have a NullReferenceException caught either way, and never relies on one.
/// </summary>
internal static unsafe class FaultSignals
{
    private static readonly int[] Faults = [4 /* SIGILL */, 7 /* SIGBUS */, 8 /* SIGFPE */, 11 /* SIGSEGV */];

    public static void LeaveToPythonInNativeCode()
    {
        foreach (var signal in Faults)
        {
            var action = default(LibC.SigAction); // SIG_DFL, empty mask, no flags
            LibC.sigaction(signal, &action, null);
        }
    }
}
