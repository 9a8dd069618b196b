using Subinterp.Runtime.Protocol;

namespace Subinterp.CompatMatrix.Probing;

/// <summary>
/// The Python text of generated probe modules: ordinary unittest modules that import one extension
/// module at module level, so that the runtime's import watcher, cross-interpreter probe, leak
/// monitor and crash handling see an import refusal, a failure, a leak or a crash exactly as they
/// would in a user's test module.
/// </summary>
internal static class ProbeSource
{
    /// <summary>How long a concurrent probe waits for its partner before importing alone.</summary>
    public const double RendezvousSeconds = 10;

    public const string PreloadedMessage = "already loaded when the module started";
    public const string AloneMessage = "no partner arrived: imported alone";

    public static string For(Probe probe, IReadOnlyList<string> paths, string rendezvousFolder) =>
        Header(probe.Extension, paths)
        + (probe.Kind == ProbeKind.Concurrent ? Rendezvous(probe, rendezvousFolder) : "_MET = None\n")
        + Body(probe);

    private static string Header(string extension, IReadOnlyList<string> paths) => $$"""
        import importlib
        import os
        import sys
        import time
        import unittest

        NAME = {{ProtocolCodec.QuoteForPython(extension)}}
        for _path in reversed([{{string.Join(", ", paths.Select(ProtocolCodec.QuoteForPython))}}]):
            if _path not in sys.path:
                sys.path.insert(0, _path)
        _PRELOADED = NAME in sys.modules

        """;

    /// <summary>
    /// Both copies write the monotonic time they arrived (one clock for every interpreter and
    /// process), wait for each other, then spin until the same instant just after the later
    /// arrival and import. A copy that finds its own arrival file is a re-run alone (after a
    /// crash): it does not wait.
    /// </summary>
    private static string Rendezvous(Probe probe, string folder)
    {
        var me = ProtocolCodec.QuoteForPython(Path.Combine(folder, $"{probe.Extension}.{probe.Copy}"));
        var peer = ProtocolCodec.QuoteForPython(Path.Combine(folder, $"{probe.Extension}.{1 - probe.Copy}"));
        return $$"""
            def _meet(me, peer):
                if os.path.exists(me):
                    return None
                arrived = time.monotonic()
                with open(me + ".tmp", "w") as f:
                    f.write(repr(arrived))
                os.replace(me + ".tmp", me)
                deadline = arrived + {{RendezvousSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}}
                while True:
                    try:
                        with open(peer) as f:
                            other = float(f.read())
                        break
                    except (OSError, ValueError):
                        if time.monotonic() > deadline:
                            return None
                        time.sleep(0.0002)
                start = max(arrived, other) + 0.02
                while time.monotonic() < start:
                    pass
                return start


            _MET = _meet({{me}}, {{peer}})

            """;
    }

    private static string Body(Probe probe) => $$"""
        _STARTED = time.monotonic()
        _MODULE = importlib.import_module(NAME)
        _ENDED = time.monotonic()


        class Probe(unittest.TestCase):
            def test_import(self):
                # (Not __name__: an extension may name itself otherwise, as _decimal does "decimal".)
                self.assertIs(sys.modules.get(NAME), _MODULE)
                if _PRELOADED:
                    self.skipTest({{ProtocolCodec.QuoteForPython(PreloadedMessage)}})
                if {{(probe.Kind == ProbeKind.Concurrent ? "_MET is None" : "False")}}:
                    self.skipTest({{ProtocolCodec.QuoteForPython(AloneMessage)}})

        """;
}
