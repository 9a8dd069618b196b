namespace Subinterp.CompatMatrix.Binaries;

/// <summary>
/// Whether a file with an extension module's suffix is one: it must export the module's init
/// function, PyInit_NAME (PyInitU_ for a non-ASCII name), or PEP 793's PyModExport_NAME.
/// pycryptodome ships dozens of native libraries named like modules that it loads with ctypes
/// or cffi; importing one fails in every interpreter, so probing them would only say so.
/// </summary>
public static class ExtensionFile
{
    /// <summary>Why the file is not an extension module, or null when it is (or the file cannot be read as ELF).</summary>
    public static string? NotAModule(string module, string? file)
    {
        if (file is null || !File.Exists(file))
        {
            return null;
        }
        var exports = ElfExports.Read(file);
        if (exports is null)
        {
            return null;
        }
        var name = module[(module.LastIndexOf('.') + 1)..];
        if (exports.Contains("PyInit_" + name) || exports.Contains("PyModExport_" + name) || exports.Any(e => e.StartsWith("PyInitU_", StringComparison.Ordinal)))
        {
            return null;
        }
        return $"exports no PyInit_{name} nor PyModExport_{name}: a native library with a module's file name (loaded with ctypes or cffi), not an extension module";
    }
}
