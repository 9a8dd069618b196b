using System.Xml.Linq;

namespace Subinterp.Adapter.Tests.EndToEnd;

/// <summary>One result of a TRX file, as VSTest's logger and the testing platform's report write it.</summary>
internal sealed record TrxResult(string Name, string Outcome, string? Message, string? StackTrace, string? StdOut, string? StdErr, string? DebugTrace,
    DateTimeOffset Start, DateTimeOffset End, TimeSpan? Duration);

/// <summary>The results of a TRX file, by test name.</summary>
internal sealed class TrxReport
{
    private static readonly XNamespace Ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    private TrxReport(string path, IReadOnlyList<TrxResult> results)
    {
        Path = path;
        Results = results;
    }

    public string Path { get; }
    public IReadOnlyList<TrxResult> Results { get; }

    public static TrxReport Load(string path)
    {
        var results = XDocument.Load(path).Descendants(Ns + "UnitTestResult").Select(result =>
        {
            var output = result.Element(Ns + "Output");
            var error = output?.Element(Ns + "ErrorInfo");
            return new TrxResult(
                (string)result.Attribute("testName")!,
                (string)result.Attribute("outcome")!,
                error?.Element(Ns + "Message")?.Value,
                error?.Element(Ns + "StackTrace")?.Value,
                output?.Element(Ns + "StdOut")?.Value,
                output?.Element(Ns + "StdErr")?.Value,
                output?.Element(Ns + "DebugTrace")?.Value,
                DateTimeOffset.Parse((string)result.Attribute("startTime")!, System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.Parse((string)result.Attribute("endTime")!, System.Globalization.CultureInfo.InvariantCulture),
                result.Attribute("duration") is { } duration ? TimeSpan.Parse(duration.Value, System.Globalization.CultureInfo.InvariantCulture) : null);
        }).ToList();
        return new TrxReport(path, results);
    }

    public TrxResult this[string name] =>
        Results.SingleOrDefault(result => result.Name == name)
        ?? throw new Xunit.Sdk.XunitException($"{name} is not in {Path}; it has: {string.Join(", ", Results.Select(r => r.Name).Order())}");

    public IEnumerable<string> Names => Results.Select(result => result.Name);
}
