using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Reports;

/// <summary>
/// `--html FILE`: one self-contained page (its style, script and data inline: no network, no
/// external scripts or fonts) with the summary, the findings by cause with their evidence, a
/// timeline per core of what ran beside what, and every module and test with filter and search.
/// The data is JSON in a script element with every &lt; &gt; &amp; escaped, and the script
/// builds the page with text nodes only: test names and output never become markup.
/// </summary>
public static class HtmlReportWriter
{
    private static readonly HtmlReportJsonContext Context = new(new JsonSerializerOptions(HtmlReportJsonContext.Default.Options)
    {
        // The default encoder escapes < > & ' and non-ASCII: nothing in the data can end the script element.
        Encoder = JavaScriptEncoder.Default,
    });

    public static void Write(RunReport report, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var staging = path + ".tmp";
        File.WriteAllText(staging, Render(report, DateTimeOffset.Now), new UTF8Encoding(false));
        File.Move(staging, path, overwrite: true);
    }

    public static string Render(RunReport report, DateTimeOffset generated)
    {
        var model = HtmlReportModel.Of(report, generated);
        var data = JsonSerializer.Serialize(model, Context.HtmlReportModel);
        return Resource("report.html")
            .Replace("{{title}}", WebUtility.HtmlEncode(model.Title), StringComparison.Ordinal)
            .Replace("/*{{style}}*/", Resource("report.css"), StringComparison.Ordinal)
            .Replace("/*{{script}}*/", Resource("report.js"), StringComparison.Ordinal)
            .Replace("{{data}}", data, StringComparison.Ordinal);
    }

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream($"html/{name}")
            ?? throw new InvalidOperationException($"html/{name} is not embedded in {typeof(HtmlReportWriter).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
