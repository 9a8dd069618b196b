namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The folder a worker's interpreters share for the bytecode a plain process would compile and not
/// write (pytest engine: Driver/subinterp_driver/bytecode_cache.py, and pytest's rewritten test
/// modules, rewrite_cache.py): private to one worker process, named after its pid so that the
/// orchestrator can remove it however the worker ended.
/// </summary>
public static class BytecodeCache
{
    public static string Folder(int workerPid) => Path.Combine(Path.GetTempPath(), $"subinterp-pyc-{workerPid}");

    public static void Remove(int workerPid)
    {
        try
        {
            Directory.Delete(Folder(workerPid), recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Absent (no pytest module ran) or already gone.
        }
    }
}
