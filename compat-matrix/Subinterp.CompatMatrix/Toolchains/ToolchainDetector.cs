using System.Text;
using System.Text.RegularExpressions;
using Subinterp.CompatMatrix.Model;

namespace Subinterp.CompatMatrix.Toolchains;

/// <summary>
/// Which toolchain built an extension module, read from the marks each one leaves in the binary's
/// strings: PyO3's crate paths (its panic locations name "pyo3-0.28.2/src/...") and its refusal
/// message, pyo3-ffi's alone (Rust code on the raw C API, as orjson), Cython's shared module name
/// ("_cython_3_1_6") and "__pyx_" names, pybind11's and nanobind's internals keys, mypyc's runtime
/// names and its "__mypyc" library, cffi's generated modules (they import _cffi_backend), SWIG's and
/// Boost.Python's runtimes. None of them: hand-written C, or C++ when it links libstdc++. The first
/// rule that matches wins, in that order: a PyO3 module links pyo3-ffi too, and cryptography's
/// PyO3 module embeds cffi bindings.
/// </summary>
public static partial class ToolchainDetector
{
    public const string PyO3 = "PyO3";
    public const string PyO3Ffi = "Rust (pyo3-ffi)";
    public const string Cython = "Cython";
    public const string Pybind11 = "pybind11";
    public const string Nanobind = "nanobind";
    public const string Mypyc = "mypyc";
    public const string Cffi = "cffi";
    public const string Swig = "SWIG";
    public const string BoostPython = "Boost.Python";
    public const string HandWrittenC = "hand-written C";
    public const string HandWrittenCpp = "hand-written C++";

    /// <summary>Every name a module's toolchain can have, in the order the page lists them.</summary>
    public static readonly IReadOnlyList<string> Names = [PyO3, PyO3Ffi, Cython, Pybind11, Nanobind, Mypyc, Cffi, Swig, BoostPython, HandWrittenC, HandWrittenCpp];

    /// <summary>The toolchain of the module in <paramref name="file"/>; null when there is no file (a built-in module) or it cannot be read.</summary>
    public static ModuleToolchain? Detect(string module, string? file)
    {
        if (file is null)
        {
            return null;
        }
        try
        {
            return Detect(module, File.ReadAllBytes(file));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static ModuleToolchain Detect(string module, byte[] binary)
    {
        // Latin-1 keeps one char per byte, so the regular expressions see the bytes as they are.
        var text = Encoding.Latin1.GetString(binary);
        if (PyO3Crate().Match(text) is { Success: true } pyo3)
        {
            return new ModuleToolchain(PyO3, pyo3.Groups[1].Value, $"PyO3's crate path \"{pyo3.Value}\" in the binary's strings");
        }
        if (text.Contains(PyO3Refusal, StringComparison.Ordinal))
        {
            return new ModuleToolchain(PyO3, null, $"PyO3's message \"{PyO3Refusal}\" in the binary's strings");
        }
        if (PyO3FfiCrate().Match(text) is { Success: true } ffi)
        {
            return new ModuleToolchain(PyO3Ffi, ffi.Groups[1].Value, $"the crate path \"{ffi.Value}\" and no PyO3 crate: Rust on CPython's raw C API");
        }
        if (CythonShared().Match(text) is { Success: true } cython)
        {
            return new ModuleToolchain(Cython, cython.Groups[1].Value.Replace('_', '.'), $"Cython's shared module name \"{cython.Value}\" in the binary's strings");
        }
        if (text.Contains("__pyx_", StringComparison.Ordinal))
        {
            return new ModuleToolchain(Cython, null, "Cython's \"__pyx_\" names in the binary's strings");
        }
        if (text.Contains("__nb_internals_", StringComparison.Ordinal) || text.Contains("nanobind.nb_func", StringComparison.Ordinal))
        {
            return new ModuleToolchain(Nanobind, null, "nanobind's internals key or function type in the binary's strings");
        }
        if (Pybind11Internals().Match(text) is { Success: true } pybind11)
        {
            return new ModuleToolchain(Pybind11, null, $"pybind11's internals key \"{pybind11.Value}\" in the binary's strings");
        }
        if (MypycLibrary().Match(text) is { Success: true } mypyc)
        {
            return new ModuleToolchain(Mypyc, null, $"mypyc's shared library \"{mypyc.Value}\" named in the binary's strings");
        }
        if (text.Contains("CPyStatic", StringComparison.Ordinal) || text.Contains("CPyType_", StringComparison.Ordinal))
        {
            return new ModuleToolchain(Mypyc, null, "mypyc's runtime names (CPyStatic, CPyType_) in the binary's strings");
        }
        if (module.Split('.')[^1] != "_cffi_backend" && text.Contains("_cffi_backend", StringComparison.Ordinal))
        {
            return new ModuleToolchain(Cffi, null, "a cffi-generated module: it imports \"_cffi_backend\"");
        }
        if (text.Contains("swig_runtime_data", StringComparison.Ordinal) || text.Contains("SWIG_", StringComparison.Ordinal))
        {
            return new ModuleToolchain(Swig, null, "SWIG's runtime names in the binary's strings");
        }
        if (text.Contains("boost::python", StringComparison.Ordinal) || text.Contains("_ZN5boost6python", StringComparison.Ordinal))
        {
            return new ModuleToolchain(BoostPython, null, "Boost.Python's names in the binary's strings");
        }
        return text.Contains("libstdc++.so", StringComparison.Ordinal)
            ? new ModuleToolchain(HandWrittenCpp, null, "none of the binding toolchains' marks; links libstdc++")
            : new ModuleToolchain(HandWrittenC, null, "none of the binding toolchains' marks (PyO3, Cython, pybind11, nanobind, mypyc, cffi, SWIG, Boost.Python)");
    }

    /// <summary>PyO3's ImportError for a second interpreter (src/impl_/pymodule.rs).</summary>
    public const string PyO3Refusal = "PyO3 modules do not yet support subinterpreters";

    [GeneratedRegex(@"pyo3-(\d+\.\d+\.\d+)")]
    private static partial Regex PyO3Crate();

    [GeneratedRegex(@"pyo3-ffi-(\d+\.\d+\.\d+)")]
    private static partial Regex PyO3FfiCrate();

    [GeneratedRegex(@"_cython_(\d+_\d+_\d+(?:[ab]\d+)?)")]
    private static partial Regex CythonShared();

    [GeneratedRegex(@"__pybind11_internals_v\d+[A-Za-z0-9_]*")]
    private static partial Regex Pybind11Internals();

    [GeneratedRegex(@"[0-9a-f]{20}__mypyc")]
    private static partial Regex MypycLibrary();
}
