using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Subinterp.Runtime.Hosting;
using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Protocol;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Protocol;

/// <summary>
/// Every message of the protocol, one record per type: each written and read back in C#, and the
/// driver's own (subinterp_driver/protocol.py) written by the real Python emitter and read here,
/// so that the two sides cannot drift apart field by field.
/// </summary>
public sealed class ProtocolCodecTests
{
    private static readonly ProtocolLeak Leak = new("environ", "X set to '1' (was unset)");

    private static readonly ProtocolCodeEffect CodeEffect = new("environ:X", "code", "tests/conftest.py:3", "import", "1", "<module>", "environ", "X set to '1' (was unset)");

    /// <summary>One of each type, every field set (a field left at its default would not be tested).</summary>
    private static IReadOnlyList<ProtocolMessage> Samples() =>
    [
        new RunMessage
        {
            Slot = 1, Seq = 7, Repeat = 4,
            Driver = new DriverArguments
            {
                Module = "pkg.test_m", Path = "/suite/pkg/test_m.py", Root = "/suite", Mode = InterpreterMode.Legacy, Engine = "pytest", OutputLimit = 100, TestTimeout = 1.5,
                ModuleTimeout = 9, ThreadJoinTimeout = 3, Pattern = "check_*.py", Select = ["pkg.test_m.T.test_a"], CollectOnly = true,
            },
        },
        new ConfigureMessage
        {
            Protocol = ProtocolMessage.Version, Library = "/py/lib/libpython3.13.so.1.0", Executable = "/py/bin/python3.13", Python = "3.13.0", Slots = 2,
            FaultLog = "/state/logs/worker-1-1.fault", Preload = ["_datetime"], DefaultAllocator = true, Cores = [0, 1],
        },
        new CanaryMessage { Slot = 1, Seq = 7, Mode = InterpreterMode.Isolated, Extensions = ["_datetime", "_decimal"] },
        new ShutdownMessage(),
        new HelloMessage { Protocol = ProtocolMessage.Version, Pid = 42, Slots = 2, Python = "3.13.0", Cpus = [0, 1] },
        new ChannelMessage { Slot = 1 },
        new InterpCreatedMessage { Slot = 1, Seq = 7, Interp = 12, Cpu = 1, CreateMs = 2.5, Lifecycle = 2, Tid = 4242 },
        new InterpFailedMessage { Slot = 1, Seq = 7, Message = "Py_NewInterpreterFromConfig failed" },
        new InterpEndingMessage { Slot = 1, Seq = 7 },
        new ModuleDoneMessage
        {
            Slot = 1, Seq = 7, EndMs = 1.25, DriverExit = "ok", Abandoned = true, Message = "1 other thread(s)", PendingLeaks = [Leak],
            Timing = new ProtocolTiming(10.5, 10.75, 0.5, 1, 200, 3, 0.25, 12, 2),
        },
        new CanaryDoneMessage { Slot = 1, Seq = 7, Message = "ok" },
        new LeakMessage { Slot = 1, Seq = 7, T = 3.5, Kind = "environ", Detail = "X set", Contested = true },
        new LeaksSettledMessage { Slot = 0, Seq = 7, Leaks = [Leak], ContestedLeaks = [Leak], CodeEffects = [CodeEffect] },
        new CodeEffectsMessage { Slot = 1, Seq = 7, CodeEffects = [CodeEffect] },
        new ExtensionEffectMessage { Slot = 1, Seq = 7, Extension = "_ssl", Origin = "stdlib", Chain = ["ssl", "_ssl"], Changes = [Leak], Again = true },
        new SharedGilImportMessage { Slot = 1, Seq = 7, Extension = "readline", Reason = "single-phase init", ImportedBy = "pkg.test_m" },
        new ExtensionDeclaredMessage { Slot = 1, Seq = 7, Extension = "_x", Init = "multi-phase", MultipleInterpreters = 2, Gil = 1 },
        new LifecycleMessage { Slot = 1, Seq = 7, Lifecycle = 3, RssBytes = 10, HeapBytes = 20, Fds = 5, Threads = 2, BaselineHeapBytes = 1, BaselineRssBytes = 2 },
        new ModuleStartMessage { Slot = 1, Seq = 7, T = 1, Module = "pkg.test_m", Pid = 42, Cpus = [1], Engine = "unittest" },
        new CollectedMessage { Slot = 1, Seq = 7, T = 1, Tests = ["pkg.test_m.T.test_a"], Locations = [new TestLocation("pkg/test_m.py", 3)] },
        new TestStartMessage { Slot = 1, Seq = 7, T = 1, Id = "pkg.test_m.T.test_a" },
        new TestEndMessage
        {
            Slot = 1, Seq = 7, T = 1, Id = "pkg.test_m.T.test_a", Outcome = "failed", DurationMs = 1.5, Message = "AssertionError", Traceback = "Traceback",
            Stdout = "a\nb\u00e9", Stderr = "err", File = "pkg/test_m.py", Line = 3, Subtests = [new SubtestMessage("(i=1)", "failed", "m", "t")],
            Raised = "importlib.metadata.PackageNotFoundError",
        },
        new UnsafeImportMessage { Slot = 1, Seq = 7, T = 1, Extension = "_x", Error = "refused", ImportedBy = "pkg.test_m", Broke = "<import>" },
        new AbsorbedImportMessage { Slot = 1, Seq = 7, T = 1, Extension = "_x", Error = "refused", ImportedBy = "decimal" },
        new ExtensionRefusedMessage { Slot = 1, Seq = 7, T = 1, Extension = "_x", Error = "refused" },
        new ModuleErrorMessage { Slot = 1, Seq = 7, T = 1, Kind = "import", Message = "ModuleNotFoundError", Traceback = "Traceback" },
        new ModuleEndMessage { Slot = 1, Seq = 7, T = 1, DurationMs = 12 },
        new TimeoutMessage { Slot = 1, Seq = 7, T = 1, Scope = "test", Limit = 2.5, Id = "pkg.test_m.T.test_a", Stacks = "File", Detail = "why" },
        new HookFailedMessage { Slot = 1, Seq = 7, T = 1, Hook = "audit", Message = "RuntimeError: broken", Traceback = "Traceback" },
        new CrossCheckMessage { Slot = 1, Seq = 7, T = 1, Extension = "_x", Check = "carry-over", NotRun = "its state right after its first import was not recorded" },
    ];

    private static IReadOnlyList<(Type Type, string Name)> DeclaredTypes() =>
        typeof(ProtocolMessage).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => (a.DerivedType, (string)a.TypeDiscriminator!)).ToList();

    [Fact]
    public void Every_message_type_has_one_sample_with_every_field_set()
    {
        var samples = Samples();
        Assert.Equal(DeclaredTypes().Select(t => t.Type).Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))),
            samples.Select(s => s.GetType()).Order(Comparer<Type>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name))));
        foreach (var sample in samples)
        {
            foreach (var property in sample.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
            {
                var value = property.GetValue(sample);
                var unset = value is null || (property.PropertyType.IsValueType && !property.PropertyType.IsEnum && value.Equals(Activator.CreateInstance(property.PropertyType)) && property.Name is not ("Slot" or "Seq"));
                Assert.False(unset, $"{sample.GetType().Name}.{property.Name} is not set in the sample");
            }
        }
    }

    [Fact]
    public void Every_message_round_trips_as_one_line_of_its_own_type()
    {
        foreach (var sample in Samples())
        {
            var line = ProtocolCodec.EncodeLine(sample);

            Assert.Equal((byte)'\n', line[^1]);
            Assert.DoesNotContain((byte)'\n', line[..^1]);
            var decoded = ProtocolCodec.Decode(line.AsSpan(0, line.Length - 1));
            Assert.IsType(sample.GetType(), decoded);
            Assert.Equal(Encoding.UTF8.GetString(line), Encoding.UTF8.GetString(ProtocolCodec.EncodeLine(decoded)));
            Assert.Equal(DeclaredTypes().Single(t => t.Type == sample.GetType()).Name, JsonNode.Parse(line)!["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public void Lines_are_what_the_polymorphic_contract_writes_and_reads()
    {
        // The codec configures one record's contract at a time; System.Text.Json's polymorphic
        // contract of ProtocolMessage, which configures them all at once, is the reference.
        foreach (var sample in Samples())
        {
            var reference = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(sample, ProtocolJsonContext.Default.ProtocolMessage);
            var line = ProtocolCodec.EncodeLine(sample);

            Assert.Equal(Encoding.UTF8.GetString(reference) + "\n", Encoding.UTF8.GetString(line));
            var read = ProtocolCodec.Decode(reference);
            var referenceRead = System.Text.Json.JsonSerializer.Deserialize(reference, ProtocolJsonContext.Default.ProtocolMessage)!;
            Assert.IsType(referenceRead.GetType(), read);
            Assert.Equal(Encoding.UTF8.GetString(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(referenceRead, ProtocolJsonContext.Default.ProtocolMessage)),
                ProtocolCodec.Json(read));
        }
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("{\"type\": 5, \"slot\": 1, \"seq\": 2}")]
    [InlineData("{\"slot\": 1, \"seq\": 2, \"type\": \"test-start\", \"id\": ")]
    public void Lines_that_are_not_a_typed_object_are_protocol_errors(string line)
    {
        Assert.Throws<ProtocolException>(() => ProtocolCodec.Decode(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"slot\": 1}")]
    [InlineData("{\"type\": \"no-such-type\", \"slot\": 1, \"seq\": 2}")]
    [InlineData("{\"type\": \"test-start\", \"slot\": 1, \"seq\": 2}")]
    [InlineData("{\"type\": \"test-start\", \"slot\": \"one\", \"seq\": 2, \"id\": \"x\"}")]
    public void Malformed_lines_are_protocol_errors(string line)
    {
        Assert.Throws<ProtocolException>(() => ProtocolCodec.Decode(Encoding.UTF8.GetBytes(line)));
    }

    [Fact]
    public void The_type_may_come_anywhere_in_the_line()
    {
        var decoded = ProtocolCodec.Decode("{\"slot\": 1, \"seq\": 2, \"id\": \"x\", \"type\": \"test-start\"}"u8);

        Assert.Equal(new TestStartMessage { Slot = 1, Seq = 2, Id = "x" }, decoded);
    }

    [PythonTheory]
    public void The_drivers_messages_are_read_as_the_records_of_their_type(PythonInstallation python)
    {
        var script = """
            import json, sys
            from subinterp_driver import protocol
            from subinterp_driver.events import Emitter
            assert {type(sample) for sample in protocol.SAMPLES} == set(protocol.MESSAGES), "a message without a sample"
            print(json.dumps(protocol.VERSION))
            print(json.dumps(sorted(m.TYPE for m in protocol.MESSAGES)), flush=True)
            emitter = Emitter(protocol.DriverHost(fd=1, slot=3, seq=9))
            for sample in protocol.SAMPLES:
                emitter.emit(sample)
            """;
        var lines = RunPython(python, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        var driverTypes = typeof(ProtocolMessage).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(DriverEvent)) && !t.IsAbstract)
            .Select(t => DeclaredTypes().Single(d => d.Type == t).Name).Order(StringComparer.Ordinal);
        Assert.Equal(ProtocolMessage.Version, int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(driverTypes, JsonNode.Parse(lines[1])!.AsArray().Select(n => n!.GetValue<string>()));
        foreach (var line in lines.Skip(2))
        {
            var written = JsonNode.Parse(line)!;
            var decoded = Assert.IsAssignableFrom<DriverEvent>(ProtocolCodec.Decode(Encoding.UTF8.GetBytes(line)));
            Assert.Equal((3, 9), (decoded.Slot, decoded.Seq));
            Assert.Equal(DeclaredTypes().Single(t => t.Type == decoded.GetType()).Name, written["type"]!.GetValue<string>());
            // Every field the driver wrote is one the record has, with the same value.
            Assert.True(JsonNode.DeepEquals(written, JsonNode.Parse(ProtocolCodec.Json(decoded))), $"{line}\nread back as\n{ProtocolCodec.Json(decoded)}");
        }
    }

    [PythonTheory]
    public void The_driver_reads_the_arguments_the_orchestrator_writes(PythonInstallation python)
    {
        var arguments = ((RunMessage)Samples()[0]).Driver;
        var host = new DriverHost(5, 1, 7, "/tmp/pycache");
        var probe = new ProbeArguments("{\"extensions\": []}", ["_json"]);
        var script = $"""
            import json
            from subinterp_driver import protocol
            print(json.dumps(protocol.DriverArguments.parse(json.loads({ProtocolCodec.QuoteForPython(ProtocolCodec.Json(arguments))})).fields()))
            print(json.dumps(protocol.DriverHost.parse(json.loads({ProtocolCodec.QuoteForPython(ProtocolCodec.Json(host))})).fields()))
            print(json.dumps(protocol.ProbeArguments.parse(json.loads({ProtocolCodec.QuoteForPython(ProtocolCodec.Json(probe))})).fields()))
            """;
        var lines = RunPython(python, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ProtocolCodec.Json(arguments)), JsonNode.Parse(lines[0])), lines[0]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ProtocolCodec.Json(host)), JsonNode.Parse(lines[1])), lines[1]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ProtocolCodec.Json(probe)), JsonNode.Parse(lines[2])), lines[2]);
    }

    [PythonTheory]
    public void Quoted_strings_are_valid_python_literals(PythonInstallation python)
    {
        const string text = "quote \" backslash \\ newline \n tab \t <html> \u00e9 \U0001F600 '";

        var output = RunPython(python, $"import sys; sys.stdout.buffer.write(({ProtocolCodec.QuoteForPython(text)}).encode('utf-8'))");

        Assert.Equal(text, output);
    }

    /// <summary>Runs the script with the driver importable; its stdout.</summary>
    private static string RunPython(PythonInstallation python, string script)
    {
        var start = new ProcessStartInfo(python.Executable) { RedirectStandardOutput = true, RedirectStandardInput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"import sys; sys.path.insert(0, {ProtocolCodec.QuoteForPython(DriverPackage.Extract())})\n{script}");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors.Result);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
