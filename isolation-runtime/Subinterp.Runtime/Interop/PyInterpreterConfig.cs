using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Interop;

/// <summary>CPython's PyInterpreterConfig: seven C ints, in this order, in 3.12 through 3.14.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyInterpreterConfig
{
    public int UseMainObmalloc;
    public int AllowFork;
    public int AllowExec;
    public int AllowThreads;
    public int AllowDaemonThreads;
    public int CheckMultiInterpExtensions;
    public int Gil;

    private const int GilShared = 1;
    private const int GilOwn = 2;

    public static PyInterpreterConfig For(InterpreterMode mode) => mode switch
    {
        InterpreterMode.Isolated => new PyInterpreterConfig
        {
            UseMainObmalloc = 0, AllowFork = 0, AllowExec = 0, AllowThreads = 1,
            AllowDaemonThreads = 0, CheckMultiInterpExtensions = 1, Gil = GilOwn,
        },
        InterpreterMode.Legacy => new PyInterpreterConfig
        {
            UseMainObmalloc = 1, AllowFork = 1, AllowExec = 1, AllowThreads = 1,
            AllowDaemonThreads = 1, CheckMultiInterpExtensions = 0, Gil = GilShared,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}

/// <summary>CPython's PyStatus, returned by value from the initialisation API.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PyStatus
{
    public int Type; // 0 ok, 1 error, 2 exit
    public nint Func;
    public nint ErrMsg;
    public int ExitCode;

    public readonly bool IsException => Type != 0;

    public readonly string Describe()
    {
        var func = Func == 0 ? null : Marshal.PtrToStringUTF8(Func);
        var message = ErrMsg == 0 ? "unknown error" : Marshal.PtrToStringUTF8(ErrMsg);
        return Type == 2 ? $"exit requested with code {ExitCode}" : func is null ? message! : $"{func}: {message}";
    }
}
