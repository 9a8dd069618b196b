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
        var interpreter = new SubInterpreter(python, threadState);
        interpreter.MarkRunning();
        return interpreter;
    }

    /// <summary>
    /// Marks the interpreter as running, as _interpreters.run_string does for its own: without it,
    /// test code in another interpreter that destroys every interpreter but the main one
    /// (CPython's test__interpreters does in each tearDown) ends this one under the thread running
    /// in it, and Py_EndInterpreter aborts the process ("not the last thread"). Marked, it is
    /// refused ("interpreter running"). CPython's destroy() does not check for threads in the
    /// interpreter (docs/cpython-test-suite.md has the reproducer without Subinterp). It stays marked
    /// until it has ended.
    /// </summary>
    private void MarkRunning()
    {
        if (_python._PyInterpreterState_SetRunningMain != null && _python._PyInterpreterState_SetRunningMain(_python.PyInterpreterState_Get()) < 0)
        {
            _python.PyErr_Clear();
        }
    }

    /// <summary>Runs code as __main__; false when an exception escaped (it has been printed to stderr).</summary>
    public bool Run(string code)
    {
        using var text = new Utf8(code);
        return _python.PyRun_SimpleStringFlags(text.Pointer, 0) == 0;
    }

    /// <summary>
    /// Threads of this interpreter other than the calling one, waiting up to <paramref name="grace"/>
    /// for them to finish (the interpreter's GIL is released meanwhile so they can). Py_EndInterpreter
    /// joins threading's non-daemon threads forever and aborts the process ("not the last thread")
    /// for any other thread, so a non-zero answer means the interpreter cannot be ended safely.
    /// </summary>
    public int OtherThreads(TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        while (true)
        {
            var others = CountOtherThreadStates();
            if (others == 0 || DateTime.UtcNow >= deadline)
            {
                return others;
            }
            var saved = _python.PyEval_SaveThread();
            Thread.Sleep(20);
            _python.PyEval_RestoreThread(saved);
        }
    }

    private int CountOtherThreadStates()
    {
        // Thread states are added and removed with this interpreter's GIL held, which the caller holds.
        var count = 0;
        for (var state = _python.PyInterpreterState_ThreadHead(_python.PyInterpreterState_Get()); state != 0; state = _python.PyThreadState_Next(state))
        {
            if (state != _threadState)
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// Leaves the interpreter without ending it: its GIL is released so its remaining threads run
    /// on, and the calling thread holds no thread state. The process must not be reused for long.
    /// </summary>
    public void Abandon()
    {
        if (_threadState == 0)
        {
            return;
        }
        _python.PyEval_SaveThread();
        _threadState = 0;
    }

    /// <summary>Ends the interpreter; afterwards the calling thread holds no thread state.</summary>
    public void End()
    {
        if (_threadState == 0)
        {
            return;
        }
        // Still marked running while it ends: unmarked, a neighbour's _interpreters.destroy() would
        // end it a second time from its own thread, which CPython answers by stopping that thread
        // for good (PyThread_exit_thread: the interpreter is already finalizing).
        _python.Py_EndInterpreter(_threadState);
        _threadState = 0;
    }
}

public sealed class SubInterpreterException(string message) : Exception(message);
