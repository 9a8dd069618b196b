using System.Text.Encodings.Web;
using System.Text.Json;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Reports;

/// <summary>Writes the `subinterp-report/1` JSON document (schema in the README).</summary>
public static class JsonReportWriter
{
    // Reports are read by people too: keep quotes, < and non-ASCII text as they are.
    private static readonly ReportJsonContext Context = new(new System.Text.Json.JsonSerializerOptions(ReportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static void Write(RunReport report, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        Directory.CreateDirectory(directory!);
        // Write beside the target and rename so a reader never sees half a report.
        var staging = path + ".tmp";
        using (var stream = File.Create(staging))
        {
            JsonSerializer.Serialize(stream, report, Context.RunReport);
        }
        File.Move(staging, path, overwrite: true);
    }

    public static string ToJson(RunReport report) => JsonSerializer.Serialize(report, Context.RunReport);

    public static RunReport Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, Context.RunReport)
            ?? throw new InvalidDataException($"{path} is not a subinterp report");
    }
}
