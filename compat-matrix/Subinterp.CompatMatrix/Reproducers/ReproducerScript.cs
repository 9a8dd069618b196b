using Subinterp.Runtime;
using Subinterp.Runtime.Protocol;

namespace Subinterp.CompatMatrix.Reproducers;

/// <summary>How a reproducer uses interpreters, simplest first.</summary>
public enum ReproducerPattern
{
    /// <summary>One interpreter at a time: create, import, destroy.</summary>
    Alone,

    /// <summary>A second interpreter imports while the first is alive (what every probe's cross-interpreter check does), then both are destroyed.</summary>
    Overlapping,

    /// <summary>Two interpreters import at the same moment on two threads.</summary>
    Concurrent,
}

/// <summary>
/// A standalone script that does what the matrix's probes did, with nothing but the standard
/// library's interpreter API (_interpreters, CPython 3.13+; 3.12's _xxsubinterpreters): interpreters
/// of the matrix's mode (new_config("isolated") is Subinterp's isolated mode, "legacy" its legacy
/// mode; 3.12's create(isolated=...) the same two) importing the
/// module in one of three patterns, a few rounds. A crash ends it by the same signal; a deadlock is
/// ended by faulthandler's watchdog, which prints every thread's stack; a clean run prints that it
/// did not reproduce. What an upstream maintainer can run without Subinterp.
/// </summary>
public static class ReproducerScript
{
    /// <summary>Rounds the script repeats its pattern: crashes that depend on reuse show by then.</summary>
    public const int Rounds = 5;

    /// <summary>Seconds after which the script's watchdog reports a deadlock and exits.</summary>
    public const int WatchdogSeconds = 60;

    /// <summary>The printed line that says the script ran to its end without a crash.</summary>
    public const string NoCrash = "no crash:";

    /// <summary>The script's file name: module, Python series and mode.</summary>
    public static string FileName(string module, string python, InterpreterMode mode) =>
        $"{module}-{Series(python)}-{mode.Name()}.py";

    public static string For(string module, string python, InterpreterMode mode, ReproducerPattern pattern, string evidence, IReadOnlyList<string> paths, string? measured)
    {
        var what = pattern switch
        {
            ReproducerPattern.Alone => "one interpreter at a time imports it and is destroyed",
            ReproducerPattern.Overlapping => "an interpreter imports it, a second one imports it while the first is alive, then both are destroyed",
            _ => "two interpreters, on two threads, import it at the same moment, then both are destroyed",
        };
        var header = $"""
            {module} crashed CPython {python} in {(mode == InterpreterMode.Isolated ? "an isolated subinterpreter (own GIL)" : "a legacy subinterpreter (shared GIL)")}.

            Found by `subinterp matrix`{(measured is null ? "" : $" on {measured}")}; the matrix saw: {FirstLine(evidence)}
            This script uses the standard library only: {what}; {Rounds} rounds.
            Run it with that Python: python{Series(python)} {FileName(module, python, mode)}
            A crash ends it by a signal (a shell prints e.g. "Segmentation fault"; exit status 128 + the signal).
            If it hangs for {WatchdogSeconds} s, faulthandler prints every thread's stack and exits with status 1.
            "{NoCrash} ..." means it did not reproduce this time.
            """;
        var body = pattern switch
        {
            ReproducerPattern.Alone => Alone(),
            ReproducerPattern.Overlapping => Overlapping(),
            _ => Concurrent(),
        };
        return $"\"\"\"{header.Replace("\"\"\"", "'''", StringComparison.Ordinal)}\n\"\"\"\n"
            + $$"""
            import faulthandler
            import threading

            MODULE = {{ProtocolCodec.QuoteForPython(module)}}
            PATHS = [{{string.Join(", ", paths.Select(ProtocolCodec.QuoteForPython))}}]
            CODE = "import sys; sys.path[:0] = %r; import %s" % (PATHS, MODULE)

            try:  # CPython 3.13+
                import _interpreters

                CONFIG = _interpreters.new_config({{ProtocolCodec.QuoteForPython(mode == InterpreterMode.Isolated ? "isolated" : "legacy")}})

                def create():
                    return _interpreters.create(CONFIG)

                def imported(interp):
                    error = _interpreters.exec(interp, CODE)
                    return "imported" if error is None else error.formatted
            except ImportError:  # CPython 3.12
                import _xxsubinterpreters as _interpreters

                def create():
                    return _interpreters.create(isolated={{(mode == InterpreterMode.Isolated ? "True" : "False")}})

                def imported(interp):
                    try:
                        _interpreters.run_string(interp, CODE)
                        return "imported"
                    except Exception as error:
                        return str(error)

            faulthandler.dump_traceback_later({{WatchdogSeconds}}, exit=True)


            {{body}}
            print("{{NoCrash}} %d rounds, last: %s" % ({{Rounds}}, outcome), flush=True)

            """;
    }

    private static string Alone() => $$"""
        outcome = ""
        for _ in range({{Rounds}}):
            interp = create()
            outcome = imported(interp)
            _interpreters.destroy(interp)
        """;

    private static string Overlapping() => $$"""
        outcome = ""
        for _ in range({{Rounds}}):
            first = create()
            outcome = "first: " + imported(first)
            second = create()
            outcome += "; second: " + imported(second)
            _interpreters.destroy(second)
            _interpreters.destroy(first)
        """;

    private static string Concurrent() => $$"""
        outcome = ""
        for _ in range({{Rounds}}):
            interps = [create() for _ in range(2)]
            barrier = threading.Barrier(2)
            results = [None, None]

            def run(index):
                barrier.wait()
                results[index] = imported(interps[index])

            threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            for interp in interps:
                _interpreters.destroy(interp)
            outcome = "; ".join(results)
        """;

    private static string Series(string python) => string.Join('.', python.Split('.').Take(2));

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
