using Subinterp.CompatMatrix.OwnTests;
using Xunit;

namespace Subinterp.CompatMatrix.Tests;

public sealed class StdlibMappingTests
{
    [Fact]
    public void TheDocumentedMappingIsTheOneInTheCode()
    {
        var doc = Path.Combine(Root(), "docs", "compat-matrix.md");
        var rows = File.ReadLines(doc)
            .SkipWhile(line => !line.StartsWith("| extension module | CPython's test module |", StringComparison.Ordinal))
            .Skip(2)
            .TakeWhile(line => line.StartsWith("| `", StringComparison.Ordinal))
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(cells => cells[1].Trim('`'), cells => cells[2].Trim('`'));

        Assert.Equal(StdlibTests.Mapping.ToDictionary(p => p.Key, p => string.Join(", ", p.Value)), rows);
    }

    private static string Root()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Subinterp.slnx")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException("no Subinterp.slnx above " + AppContext.BaseDirectory);
    }
}
