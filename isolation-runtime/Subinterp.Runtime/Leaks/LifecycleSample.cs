namespace Subinterp.Runtime.Leaks;

/// <summary>The process after one interpreter lifecycle of a module ended.</summary>
/// <param name="RssBytes">Resident set size.</param>
/// <param name="HeapBytes">malloc's bytes in use (mallinfo2 uordblks + hblkhd); null without glibc 2.33+.</param>
/// <param name="Fds">Open descriptors other than 0-2 and the worker's own.</param>
/// <param name="Threads">Native threads that are not the .NET runtime's.</param>
public sealed record LifecycleSample(long RssBytes, long? HeapBytes, int Fds, int Threads);
