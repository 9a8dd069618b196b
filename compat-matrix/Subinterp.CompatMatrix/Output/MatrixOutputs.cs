using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Output;

/// <summary>Writes the four outputs into --out: matrix.json, matrix.md, matrix.html, badge.svg; and each crash's reproducer under reproducers/.</summary>
public static class MatrixOutputs
{
    public static readonly string[] FileNames = ["matrix.json", "matrix.md", "matrix.html", "badge.svg"];

    public static IReadOnlyList<string> Write(MatrixDocument document, string folder)
    {
        Directory.CreateDirectory(folder);
        var sorted = MatrixJson.Sorted(document);
        var written = new List<string>();
        void Put(string name, string text)
        {
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, text);
            written.Add(path);
        }
        Put("matrix.json", MatrixJson.Serialize(sorted));
        Put("matrix.md", MarkdownTable.Render(sorted));
        Put("matrix.html", HtmlPage.Render(sorted));
        Put("badge.svg", Badge.Render(sorted));
        written.AddRange(WriteReproducers(sorted, folder));
        return written;
    }

    /// <summary>The reproducers of this matrix; those of an earlier matrix in the same folder are removed (the folder is the matrix's own).</summary>
    private static IEnumerable<string> WriteReproducers(MatrixDocument document, string folder)
    {
        var target = Path.Combine(folder, Reproducers.ReproducerFolder.Name);
        if (Directory.Exists(target))
        {
            foreach (var stale in Directory.EnumerateFiles(target, "*.py"))
            {
                File.Delete(stale);
            }
        }
        var written = new List<string>();
        foreach (var reproducer in document.Modules.SelectMany(m => m.Cells).Select(c => c.Reproducer).OfType<CellReproducer>().Where(r => r.Script is not null))
        {
            Directory.CreateDirectory(target);
            var path = Path.Combine(folder, reproducer.File);
            File.WriteAllText(path, reproducer.Script);
            written.Add(path);
        }
        return written;
    }
}
