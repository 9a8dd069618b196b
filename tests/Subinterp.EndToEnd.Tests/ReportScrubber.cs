using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Subinterp.EndToEnd.Tests;

/// <summary>
/// Removes what differs from run to run (durations, slot timings, paths of this machine, interpreter ids, cores,
/// captured output of tests whose output is large or binary) so a report can be compared with a golden file.
/// </summary>
internal static class ReportScrubber
{
    private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
    {
        "durationMs", "interpreter", "executable", "library", "version", "jobs",
        // Where each module's time on its slot went, and each slot's busy share: timings.
        "phases", "slots",
        // How many modules with failed tests ran beside another: scheduling decides it.
        "failureRechecks",
    };

    public static string Scrub(JsonObject report)
    {
        var copy = JsonNode.Parse(report.ToJsonString())!;
        ScrubNode(copy);
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static void ScrubNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (Volatile.Contains(key) && obj[key] is not null)
                    {
                        obj[key] = "<scrubbed>";
                    }
                    // A finding's evidence is a traceback too, with this checkout's paths in it.
                    else if (key is "traceback" or "evidence" && obj[key] is JsonValue traceback)
                    {
                        obj[key] = ScrubTraceback(traceback.GetValue<string>());
                    }
                    else if (key is "stdout" or "stderr" && obj[key] is JsonValue output && output.GetValue<string>().Length > 200)
                    {
                        obj[key] = $"<{output.GetValue<string>().Length} chars>";
                    }
                    else
                    {
                        ScrubNode(obj[key]);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ScrubNode(item);
                }
                break;
        }
    }

    /// <summary>Tracebacks keep their last line (the exception), which is what a reader checks.</summary>
    private static string ScrubTraceback(string traceback)
    {
        var lines = traceback.TrimEnd().Split('\n');
        return lines.Length == 0 ? "" : "<traceback> " + lines[^1];
    }
}
