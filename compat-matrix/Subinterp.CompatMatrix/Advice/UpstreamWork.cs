namespace Subinterp.CompatMatrix.Advice;

/// <summary>
/// Upstream issues and pull requests about subinterpreters in the packages of the ecosystem matrix,
/// each read before it was listed (docs/compat-matrix.md, "Advice"): the advice of a package's cells
/// points at the work already under way, so that a maintainer or a user joins it rather than
/// starting over. Keyed by distribution name, compared case-insensitively.
/// </summary>
internal static class UpstreamWork
{
    private static readonly Dictionary<string, (string Text, string Url)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["numpy"] = ("NumPy's issue \"ENH: Please support subinterpreters\" (numpy/numpy#24755, open)", "https://github.com/numpy/numpy/issues/24755"),
        ["orjson"] = ("orjson's issue \"orjson 3.9.8 segfaults when imported by subinterpreters\" (ijl/orjson#434, open)", "https://github.com/ijl/orjson/issues/434"),
        ["lz4"] = ("python-lz4's issue \"Use multi-phase initialisation (PEP 489)\" (python-lz4/python-lz4#345, open) and its pull requests #340 to #343", "https://github.com/python-lz4/python-lz4/issues/345"),
        ["cryptography"] = ("cryptography's maintainers: support waits on PyO3 (pyca/cryptography#12080, closed)", "https://github.com/pyca/cryptography/issues/12080"),
    };

    public static (string Text, string Url)? For(string? package) =>
        package is not null && Known.TryGetValue(package, out var work) ? work : null;
}
