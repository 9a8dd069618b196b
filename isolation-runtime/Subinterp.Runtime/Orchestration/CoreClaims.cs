using Microsoft.Win32.SafeHandles;
using Subinterp.Runtime.Interop;

namespace Subinterp.Runtime.Orchestration;

/// <summary>
/// The cores a run's slots are pinned to when other Subinterp runs share the machine. Every run
/// used to pin slot 0 to the first allowed core, so two runs at once (two <c>subinterp run</c>s, or
/// <c>dotnet test</c> running test projects side by side) stacked their slots on the same cores and
/// left the others idle: two <c>-j 1</c> runs of wrapt's suite at once took 2.5x as long as one
/// <c>-j 2</c> run of all of it. A run claims each core it pins a slot to with an exclusive
/// <c>flock</c> on a file per core in the user's runtime folder, held until the session ends and
/// dropped by the kernel however the process ends; it takes unclaimed cores first and shares a
/// claimed one only when none is left. Without a folder to lock in, it pins as before.
/// </summary>
internal sealed class CoreClaims : IDisposable
{
    private readonly List<SafeFileHandle> _held;

    private CoreClaims(IReadOnlyList<int> cores, List<SafeFileHandle> held)
    {
        Cores = cores;
        _held = held;
    }

    /// <summary>The core of each run slot.</summary>
    public IReadOnlyList<int> Cores { get; }

    /// <summary>How many cores this run holds a claim on (the rest of <see cref="Cores"/> are shared with another run).</summary>
    public int Held => _held.Count;

    /// <param name="folder">Where the lock files are (<see cref="Folder"/>); null: no claims, the first allowed cores.</param>
    public static CoreClaims Take(int slots, IReadOnlyList<int> allowed, string? folder)
    {
        if (folder is null || allowed.Count <= 1 || slots <= 0)
        {
            return new CoreClaims(Orchestrator.CoresFor(slots, allowed), []);
        }
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new CoreClaims(Orchestrator.CoresFor(slots, allowed), []);
        }
        var claimed = new List<int>();
        var held = new List<SafeFileHandle>();
        foreach (var core in allowed)
        {
            if (claimed.Count == slots)
            {
                break;
            }
            if (TryClaim(Path.Combine(folder, $"cpu{core}.lock")) is { } handle)
            {
                claimed.Add(core);
                held.Add(handle);
            }
        }
        // More slots than unclaimed cores: the rest go round the claimed ones, in the allowed order.
        var order = claimed.Concat(allowed.Except(claimed)).ToList();
        return new CoreClaims(Orchestrator.CoresFor(slots, order), held);
    }

    /// <summary>The user's runtime folder ($XDG_RUNTIME_DIR), else the per-user cache folder; null when neither is known.</summary>
    public static string? Folder(Func<string, string?> variable) =>
        variable("XDG_RUNTIME_DIR") is { Length: > 0 } runtime
            ? Path.Combine(runtime, "subinterp", "cores")
            : UserCacheDirectory.Find(variable) is { } cache ? Path.Combine(cache, "cores") : null;

    private static SafeFileHandle? TryClaim(string path)
    {
        SafeFileHandle handle;
        try
        {
            // FileShare.ReadWrite: .NET takes no lock of its own; the claim is the flock below.
            handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (LibC.flock((int)handle.DangerousGetHandle(), LibC.LOCK_EX | LibC.LOCK_NB) == 0)
        {
            return handle;
        }
        handle.Dispose();
        return null;
    }

    public void Dispose()
    {
        foreach (var handle in _held)
        {
            handle.Dispose();
        }
        _held.Clear();
    }
}
