using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Output;

/// <summary>Writes the four outputs into --out: matrix.json, matrix.md, matrix.html, badge.svg.</summary>
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
        return written;
    }
}
