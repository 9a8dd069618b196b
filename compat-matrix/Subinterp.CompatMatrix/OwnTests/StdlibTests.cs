namespace Subinterp.CompatMatrix.OwnTests;

/// <summary>
/// Which of CPython's own test modules exercise each standard-library extension module, for
/// --run-tests (documented in docs/compat-matrix.md; a test keeps the two equal). A module that is
/// not listed has no mapped tests; a listed test module missing from a Python is skipped there.
/// </summary>
public static class StdlibTests
{
    public static IReadOnlyDictionary<string, string[]> Mapping { get; } = new SortedDictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["_abc"] = ["test.test_abc"],
        ["_asyncio"] = ["test.test_asyncio"],
        ["_bisect"] = ["test.test_bisect"],
        ["_blake2"] = ["test.test_hashlib"],
        ["_bz2"] = ["test.test_bz2"],
        ["_codecs_cn"] = ["test.test_codecencodings_cn"],
        ["_codecs_hk"] = ["test.test_codecencodings_hk"],
        ["_codecs_iso2022"] = ["test.test_codecencodings_iso2022"],
        ["_codecs_jp"] = ["test.test_codecencodings_jp"],
        ["_codecs_kr"] = ["test.test_codecencodings_kr"],
        ["_codecs_tw"] = ["test.test_codecencodings_tw"],
        ["_contextvars"] = ["test.test_context"],
        ["_csv"] = ["test.test_csv"],
        ["_ctypes"] = ["test.test_ctypes"],
        ["_curses"] = ["test.test_curses"],
        ["_datetime"] = ["test.test_datetime"],
        ["_decimal"] = ["test.test_decimal"],
        ["_elementtree"] = ["test.test_xml_etree_c"],
        ["_functools"] = ["test.test_functools"],
        ["_hashlib"] = ["test.test_hashlib"],
        ["_heapq"] = ["test.test_heapq"],
        ["_json"] = ["test.test_json"],
        ["_lsprof"] = ["test.test_cprofile"],
        ["_lzma"] = ["test.test_lzma"],
        ["_md5"] = ["test.test_hashlib"],
        ["_multibytecodec"] = ["test.test_multibytecodec"],
        ["_operator"] = ["test.test_operator"],
        ["_pickle"] = ["test.test_pickle"],
        ["_queue"] = ["test.test_queue"],
        ["_random"] = ["test.test_random"],
        ["_sha1"] = ["test.test_hashlib"],
        ["_sha2"] = ["test.test_hashlib"],
        ["_sha3"] = ["test.test_hashlib"],
        ["_socket"] = ["test.test_socket"],
        ["_sqlite3"] = ["test.test_sqlite3"],
        ["_sre"] = ["test.test_re"],
        ["_ssl"] = ["test.test_ssl"],
        ["_statistics"] = ["test.test_statistics"],
        ["_struct"] = ["test.test_struct"],
        ["_tracemalloc"] = ["test.test_tracemalloc"],
        ["_uuid"] = ["test.test_uuid"],
        ["_zoneinfo"] = ["test.test_zoneinfo"],
        ["array"] = ["test.test_array"],
        ["atexit"] = ["test.test_atexit"],
        ["binascii"] = ["test.test_binascii"],
        ["cmath"] = ["test.test_cmath"],
        ["faulthandler"] = ["test.test_faulthandler"],
        ["fcntl"] = ["test.test_fcntl"],
        ["gc"] = ["test.test_gc"],
        ["grp"] = ["test.test_grp"],
        ["itertools"] = ["test.test_itertools"],
        ["math"] = ["test.test_math"],
        ["mmap"] = ["test.test_mmap"],
        ["pwd"] = ["test.test_pwd"],
        ["pyexpat"] = ["test.test_pyexpat"],
        ["readline"] = ["test.test_readline"],
        ["resource"] = ["test.test_resource"],
        ["select"] = ["test.test_select"],
        ["syslog"] = ["test.test_syslog"],
        ["termios"] = ["test.test_termios"],
        ["unicodedata"] = ["test.test_unicodedata"],
        ["zlib"] = ["test.test_zlib"],
    };

    /// <summary>The files or package folders of the module's mapped tests that exist in this stdlib.</summary>
    public static IReadOnlyList<string> Paths(string module, string stdlib) =>
        Mapping.GetValueOrDefault(module, [])
            .Select(test => Path.Combine(stdlib, Path.Combine(test.Split('.'))))
            .Select(path => Directory.Exists(path) ? path : path + ".py")
            .Where(path => Directory.Exists(path) || File.Exists(path))
            .ToList();
}
