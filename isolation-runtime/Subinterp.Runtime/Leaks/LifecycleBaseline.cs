namespace Subinterp.Runtime.Leaks;

/// <summary>
/// What one lifecycle of an interpreter that runs nothing costs the process, per Python and mode
/// (median growth per lifecycle). CPython does not give everything back: measured on 3.12.1 and
/// 3.13.0, an isolated interpreter leaves about 400 KB of malloc'd memory behind each time, and
/// RSS grows with what the interpreter used; a legacy one leaves a few KB. A module's growth per
/// lifecycle is judged net of this.
/// </summary>
public sealed record LifecycleBaseline(long? HeapBytes, long RssBytes);
