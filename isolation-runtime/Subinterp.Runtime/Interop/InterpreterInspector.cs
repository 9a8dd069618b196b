using System.Runtime.InteropServices;

namespace Subinterp.Runtime.Interop;

/// <summary>
/// Reads a few things out of the interpreter whose thread state is current on the calling thread
/// (right after <see cref="SubInterpreter.Run"/>, which leaves it current with its GIL held):
/// a string left in __main__ by the driver, and how a loaded extension module was defined.
/// Only stable C API functions, looked up in the same libpython.
/// </summary>
internal sealed unsafe class InterpreterInspector
{
    private readonly delegate* unmanaged<byte*, nint> _addModule;
    private readonly delegate* unmanaged<nint, nint> _moduleGetDict;
    private readonly delegate* unmanaged<nint, byte*, nint> _dictGetItemString;
    private readonly delegate* unmanaged<nint, nint*, byte*> _unicodeAsUtf8AndSize;
    private readonly delegate* unmanaged<byte*, nint> _unicodeFromString;
    private readonly delegate* unmanaged<nint, nint> _importGetModule;
    private readonly delegate* unmanaged<nint, nint> _moduleGetDef;
    private readonly delegate* unmanaged<nint, nint> _moduleGetFilenameObject;
    private readonly delegate* unmanaged<void> _errClear;
    private readonly delegate* unmanaged<nint, void> _decRef;

    public InterpreterInspector(LibPython python)
    {
        nint Require(string name) => LibC.dlsym(python.Handle, name) is var symbol && symbol != 0
            ? symbol
            : throw new LibPythonLoadException($"{python.Path} has no symbol {name}.");
        _addModule = (delegate* unmanaged<byte*, nint>)Require("PyImport_AddModule");
        _moduleGetDict = (delegate* unmanaged<nint, nint>)Require("PyModule_GetDict");
        _dictGetItemString = (delegate* unmanaged<nint, byte*, nint>)Require("PyDict_GetItemString");
        _unicodeAsUtf8AndSize = (delegate* unmanaged<nint, nint*, byte*>)Require("PyUnicode_AsUTF8AndSize");
        _unicodeFromString = (delegate* unmanaged<byte*, nint>)Require("PyUnicode_FromString");
        _importGetModule = (delegate* unmanaged<nint, nint>)Require("PyImport_GetModule");
        _moduleGetDef = (delegate* unmanaged<nint, nint>)Require("PyModule_GetDef");
        _moduleGetFilenameObject = (delegate* unmanaged<nint, nint>)Require("PyModule_GetFilenameObject");
        _errClear = (delegate* unmanaged<void>)Require("PyErr_Clear");
        _decRef = (delegate* unmanaged<nint, void>)Require("Py_DecRef");
    }

    /// <summary>The str value of a __main__ global, or null when it is absent or not a str.</summary>
    public string? ReadMainString(string name)
    {
        using var mainName = new Utf8("__main__");
        using var key = new Utf8(name);
        var main = _addModule(mainName.Pointer); // borrowed
        if (main == 0)
        {
            _errClear();
            return null;
        }
        var value = _dictGetItemString(_moduleGetDict(main), key.Pointer); // borrowed, never raises
        if (value == 0)
        {
            return null;
        }
        nint size = 0;
        var text = _unicodeAsUtf8AndSize(value, &size);
        if (text == null)
        {
            _errClear(); // not a str (None)
            return null;
        }
        return Marshal.PtrToStringUTF8((nint)text, (int)size);
    }

    /// <summary>How the extension module named <paramref name="moduleName"/> in sys.modules was defined, or null if it is not there.</summary>
    public ModuleDefinition? DefinitionOf(string moduleName)
    {
        using var utf8 = new Utf8(moduleName);
        var name = _unicodeFromString(utf8.Pointer);
        if (name == 0)
        {
            _errClear();
            return null;
        }
        var module = _importGetModule(name); // new reference or null
        _decRef(name);
        if (module == 0)
        {
            _errClear();
            return null;
        }
        var definition = _moduleGetDef(module);
        _errClear();
        // A module made by a 3.15 export hook has no PyModuleDef: its slots are what the hook returns.
        // Otherwise a module without one is a single-phase module loaded again from CPython's
        // process-wide copy of its dict (a new module object); multi-phase modules always keep theirs.
        var result = definition != 0 ? ModuleDefinition.Read(definition)
            : ExportedSlots(module, moduleName) is var slots && slots != 0 ? ModuleDefinition.ReadExported(slots)
            : ModuleDefinition.CopiedSinglePhase;
        _decRef(module);
        return result;
    }

    /// <summary>
    /// The slots of a module defined by an export hook (PEP 793): the library it was loaded from is
    /// already open, and the hook returns the same static array CPython read when it imported the
    /// module (documented as kept short, a plain return). 0 when the module has no such hook.
    /// </summary>
    private nint ExportedSlots(nint module, string moduleName)
    {
        var shortName = moduleName[(moduleName.LastIndexOf('.') + 1)..];
        if (!System.Text.Ascii.IsValid(shortName))
        {
            return 0; // the hook is PyModExportU_ with a punycoded name; not read
        }
        var file = ReadString(_moduleGetFilenameObject(module));
        if (file is null)
        {
            return 0; // built in, or not loaded from a file
        }
        var library = LibC.dlopen(file, LibC.RTLD_NOW | LibC.RTLD_NOLOAD);
        if (library == 0)
        {
            return 0;
        }
        try
        {
            var hook = LibC.dlsym(library, "PyModExport_" + shortName);
            return hook == 0 ? 0 : ((delegate* unmanaged<nint>)hook)();
        }
        finally
        {
            LibC.dlclose(library);
        }
    }

    /// <summary>A str object's text, and a reference to it released; null (error cleared) for anything else.</summary>
    private string? ReadString(nint text)
    {
        if (text == 0)
        {
            _errClear();
            return null;
        }
        nint size = 0;
        var utf8 = _unicodeAsUtf8AndSize(text, &size);
        var result = utf8 == null ? null : Marshal.PtrToStringUTF8((nint)utf8, (int)size);
        _errClear();
        _decRef(text);
        return result;
    }
}
