using System.Text;
using System.Text.Json;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Hosting;

/// <summary>
/// The driver's one bootstrap (Driver/bootstrap.py, an embedded resource): __main__ of a worker's
/// subinterpreters, of the probe interpreter and of the plain process of --compare-process, and
/// what the self-check runs. Its inputs go on the one line put before it.
/// </summary>
public static class DriverBootstrap
{
    /// <summary>
    /// Where the bootstrap leaves what the entry's run returned, in its interpreter's __main__:
    /// main.run's is the cross-interpreter probe's request, probe.run's the extensions it found
    /// clean ({"clean": [...]}).
    /// </summary>
    public const string ResultVariable = "_subinterp_result";

    private static readonly Lazy<string> Source = new(() =>
    {
        using var stream = typeof(DriverBootstrap).Assembly.GetManifestResourceStream("bootstrap.py")
            ?? throw new InvalidOperationException("the driver's bootstrap is missing from Subinterp.Runtime's resources: the build is broken.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    /// <summary>A module run: subinterp_driver.main.run(arguments, host) in the interpreter this runs in.</summary>
    /// <param name="eventsFile">A file the driver opens for its events (a plain process); null: <paramref name="host"/>'s descriptor.</param>
    /// <param name="process">It runs as a plain python process (-c), not in a worker's interpreter.</param>
    public static string ForModule(string driverDirectory, DriverArguments arguments, DriverHost host, string? eventsFile = null, bool process = false) =>
        Script(driverDirectory, "main", ProtocolCodec.Json(arguments), host, eventsFile, process);

    /// <summary>The probe interpreter: subinterp_driver.probe.run(arguments, host).</summary>
    public static string ForProbe(string driverDirectory, ProbeArguments arguments, DriverHost host) =>
        Script(driverDirectory, "probe", ProtocolCodec.Json(arguments), host, null, false);

    private static string Script(string driverDirectory, string entry, string argumentsJson, DriverHost host, string? eventsFile, bool process)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("driver", driverDirectory);
            json.WriteString("entry", entry);
            json.WritePropertyName("args");
            json.WriteRawValue(argumentsJson);
            json.WritePropertyName("host");
            json.WriteRawValue(ProtocolCodec.Json(host));
            if (eventsFile is null)
            {
                json.WriteNull("events");
            }
            else
            {
                json.WriteString("events", eventsFile);
            }
            json.WriteBoolean("process", process);
            json.WriteEndObject();
        }
        return $"_subinterp_boot = {ProtocolCodec.QuoteForPython(Encoding.UTF8.GetString(buffer.ToArray()))}\n{Source.Value}";
    }
}
