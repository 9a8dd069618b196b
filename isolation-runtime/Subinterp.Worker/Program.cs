using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Interop;
using Subinterp.Runtime.Protocol;

try
{
    return WorkerHost.Run(WorkerArguments.Parse(args));
}
catch (Exception error) when (error is ArgumentException or LibPythonLoadException or ProtocolException or IOException or System.Net.Sockets.SocketException)
{
    // stderr reaches the orchestrator's log of this worker; the exit code tells it startup failed.
    Console.Error.WriteLine($"subinterp worker: {error.Message}");
    return WorkerExitCodes.StartupFailed;
}
