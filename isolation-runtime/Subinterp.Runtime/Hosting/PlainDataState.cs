using System.Text.Json;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// An extension module's state as the cross-interpreter checks compare it: every path reachable
/// from its namespace (fingerprint.py) with the digest of its value when it is plain data, null
/// otherwise. A carry-over can only show through the plain-data values an import makes from what
/// the process holds, so an extension whose plain data a fresh interpreter's import showed (a
/// probe that found nothing), and whose module's interpreter showed exactly the same right after
/// its own import and again at its end, is not probed again for that module
/// (<see cref="CrossInterpreterProbe"/>): the process gave the module's import what it gives a
/// fresh one, and the module changed none of it through the extension. A module that does (as
/// sample-suites/leaky's counter, which the extension publishes on the module object it bumps)
/// is probed.
/// </summary>
internal sealed class PlainDataState
{
    private readonly SortedDictionary<string, string?> _digests;

    private PlainDataState(SortedDictionary<string, string?> digests) => _digests = digests;

    /// <summary>{path: digest}: the probe's fresh import, or the module's pristine import (extension_state.py).</summary>
    public static PlainDataState? FromDigests(JsonElement digests)
    {
        if (digests.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var map = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in digests.EnumerateObject())
        {
            if (entry.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return null;
            }
            map[entry.Name] = entry.Value.GetString();
        }
        return new PlainDataState(map);
    }

    /// <summary>{path: [address, exempt, type name, digest]}: the module's interpreter at its end (fingerprint.take).</summary>
    public static PlainDataState? FromFingerprint(JsonElement fingerprint)
    {
        if (fingerprint.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var map = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in fingerprint.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Array || entry.Value.GetArrayLength() < 4
                || entry.Value[3].ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return null;
            }
            map[entry.Name] = entry.Value[3].GetString();
        }
        return new PlainDataState(map);
    }

    public bool SameAs(PlainDataState other) =>
        _digests.Count == other._digests.Count
        && _digests.All(entry => other._digests.TryGetValue(entry.Key, out var digest) && digest == entry.Value);
}
