namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The folder a worker's interpreters share for pytest's rewritten test modules
/// (Driver/subinterp_driver/rewrite_cache.py): private to one worker process, named after its pid
/// so that the orchestrator can remove it however the worker ended.
/// </summary>
public static class RewriteCache
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
