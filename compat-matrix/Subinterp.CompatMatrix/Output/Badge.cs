using System.Net;
using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Output;

/// <summary>An SVG badge in the usual two-part style: "subinterpreters | 52/60 ok".</summary>
public static class Badge
{
    private const string Label = "subinterpreters";

    public static string Render(MatrixDocument document)
    {
        var summary = MatrixSummary.Of(document);
        var value = $"{summary.Ok}/{summary.Cells} ok";
        var colour = summary.Cells == 0 ? "#9f9f9f" : summary.Ok == summary.Cells ? "#4c1" : summary.Ok * 4 >= summary.Cells * 3 ? "#dfb317" : "#e05d44";
        var labelWidth = Width(Label);
        var valueWidth = Width(value);
        var total = labelWidth + valueWidth;
        var text = WebUtility.HtmlEncode(value);
        return $$"""
            <svg xmlns="http://www.w3.org/2000/svg" width="{{total}}" height="20" role="img" aria-label="{{Label}}: {{text}}">
              <title>{{Label}}: {{text}}</title>
              <linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>
              <clipPath id="r"><rect width="{{total}}" height="20" rx="3" fill="#fff"/></clipPath>
              <g clip-path="url(#r)">
                <rect width="{{labelWidth}}" height="20" fill="#555"/>
                <rect x="{{labelWidth}}" width="{{valueWidth}}" height="20" fill="{{colour}}"/>
                <rect width="{{total}}" height="20" fill="url(#s)"/>
              </g>
              <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">
                <text x="{{labelWidth / 2}}" y="15" fill="#010101" fill-opacity=".3">{{Label}}</text>
                <text x="{{labelWidth / 2}}" y="14">{{Label}}</text>
                <text x="{{labelWidth + valueWidth / 2}}" y="15" fill="#010101" fill-opacity=".3">{{text}}</text>
                <text x="{{labelWidth + valueWidth / 2}}" y="14">{{text}}</text>
              </g>
            </svg>

            """;
    }

    // Verdana 11px averages about 7 px a character; 10 px of padding each side.
    private static int Width(string text) => (text.Length * 7) + 10;
}
