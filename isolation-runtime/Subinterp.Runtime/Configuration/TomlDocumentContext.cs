using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Subinterp.Runtime.Configuration;

/// <summary>
/// Reads a TOML file into Tomlyn's document model without reflection, so the runtime stays
/// trimmable (the worker is published Native AOT); the options carry where each key was written.
/// </summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class TomlDocumentContext : TomlSerializerContext
{
    public TomlDocumentContext(TomlSerializerOptions options) : base(options)
    {
    }
}
