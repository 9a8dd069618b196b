namespace Subinterp.Runtime.Interop;

/// <summary>
/// One subinterpreter, created, used and ended on the same OS thread. The thread-state handling
/// follows CPython's run_in_subinterp_with_config: the calling thread holds no thread state when
/// the interpreter is created, and holds none again once it has ended. PyGILState_* is never used:
/// it does not work with subinterpreters.
/// </summary>
internal sealed unsafe class SubInterpreter
{
    private readonly LibPython _python;
    private nint _threadState;

    public long Id { get; }

    private SubInterpreter(LibPython python, nint threadState)
    {
        _python = python;
        _threadState = threadState;
        Id = python.PyInterpreterState_GetID(python.PyInterpreterState_Get());
    }

    /// <exception cref="SubInterpreterException">CPython refused to create the interpreter.</exception>
    public static SubInterpreter Create(LibPython python, InterpreterMode mode)
    {
        var config = PyInterpreterConfig.For(mode);
        nint threadState = 0;
        var status = python.Py_NewInterpreterFromConfig(&threadState, &config);
        if (status.IsException || threadState == 0)
        {
            // On failure CPython restores the previous (null) thread state.
            throw new SubInterpreterException($"Py_NewInterpreterFromConfig failed: {status.Describe()}");
        }
        return new SubInterpreter(python, threadState);
    }

    /// <summary>Runs code as __main__; false when an exception escaped (it has been printed to stderr).</summary>
    public bool Run(string code)
    {
        using var text = new Utf8(code);
        return _python.PyRun_SimpleStringFlags(text.Pointer, 0) == 0;
    }

    /// <summary>Ends the interpreter; afterwards the calling thread holds no thread state.</summary>
    public void End()
    {
        if (_threadState == 0)
        {
            return;
        }
        _python.Py_EndInterpreter(_threadState);
        _threadState = 0;
    }
}

public sealed class SubInterpreterException(string message) : Exception(message);
