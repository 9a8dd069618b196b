using System.Text;
using System.Text.Json;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Journal;

/// <summary>
/// The run's journal, .subinterp/journal.jsonl: a header with the run's options and plan, then
/// every worker event as it arrives and every final result (one per module and mode), one JSON object a line, each
/// written through to the file at once. If the orchestrator is killed, `subinterp run --resume`
/// reads it back and runs only the modules without a result.
/// </summary>
/// <remarks>
/// Lines: {"kind":"header","header":{...}}, {"kind":"event","worker":PID,"event":{protocol message}},
/// {"kind":"result","result":{"key":...,"result":{...}}}, {"kind":"resume"}, {"kind":"end"}.
/// </remarks>
public sealed class RunJournal : IDisposable
{
    public const string FileName = "journal.jsonl";

    private readonly FileStream _stream;
    private readonly Lock _lock = new();

    private RunJournal(FileStream stream) => _stream = stream;

    public static string PathIn(string stateDirectory) => Path.Combine(Path.GetFullPath(stateDirectory), FileName);

    /// <summary>Starts a new journal for a fresh run, replacing the previous run's.</summary>
    /// <summary>Configures the contracts of the header and of a module's result record ahead of their first use (see <see cref="Protocol.ProtocolCodec.Prepare"/>).</summary>
    public static void Prepare()
    {
        _ = JournalJsonContext.Default.Options.GetTypeInfo(typeof(JournalHeader));
        _ = JournalJsonContext.Default.JournalResult;
    }

    public static RunJournal Create(RunPlan plan)
    {
        var journal = Open(plan.Options.StateDirectory, FileMode.Create);
        var options = plan.Options with
        {
            Paths = plan.Options.Paths.Select(Path.GetFullPath).ToList(),
            Python = plan.Python.Executable,
            StateDirectory = Path.GetFullPath(plan.Options.StateDirectory),
        };
        var header = new JournalHeader(JournalHeader.SchemaName, options, plan.Python.Executable, plan.Engine, plan.Modules.Select(m => m.Key).ToList(),
            plan.Selected?.ToDictionary(entry => entry.Key, entry => entry.Value.ToList(), StringComparer.Ordinal), plan.Shard);
        journal.Write("header", "header", JsonSerializer.SerializeToUtf8Bytes(header, JournalJsonContext.Default.JournalHeader));
        return journal;
    }

    /// <summary>Continues an interrupted run's journal.</summary>
    public static RunJournal Continue(string stateDirectory)
    {
        var journal = Open(stateDirectory, FileMode.Append);
        journal.Write("resume", null, null);
        return journal;
    }

    private static RunJournal Open(string stateDirectory, FileMode mode)
    {
        var path = PathIn(stateDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // No buffering: each record reaches the file with one write(2), so a kill -9 loses nothing written.
        return new RunJournal(new FileStream(path, mode, FileAccess.Write, FileShare.Read, bufferSize: 0));
    }

    /// <summary>A protocol line exactly as the worker sent it (already known to be one JSON object).</summary>
    public void Event(int workerPid, ReadOnlySpan<byte> line)
    {
        var prefix = Encoding.UTF8.GetBytes($"{{\"kind\":\"event\",\"worker\":{workerPid},\"event\":");
        var record = new byte[prefix.Length + line.Length + 2];
        prefix.CopyTo(record, 0);
        line.CopyTo(record.AsSpan(prefix.Length));
        record[^2] = (byte)'}';
        record[^1] = (byte)'\n';
        Append(record);
    }

    public void Result(TestModule module, ModuleResult result) =>
        Write("result", "result", JsonSerializer.SerializeToUtf8Bytes(new JournalResult(module.Key, result), JournalJsonContext.Default.JournalResult));

    public void End() => Write("end", null, null);

    private void Write(string kind, string? field, byte[]? json)
    {
        var head = Encoding.UTF8.GetBytes(field is null ? $"{{\"kind\":\"{kind}\"}}\n" : $"{{\"kind\":\"{kind}\",\"{field}\":");
        if (json is null)
        {
            Append(head);
            return;
        }
        var record = new byte[head.Length + json.Length + 2];
        head.CopyTo(record, 0);
        json.CopyTo(record, head.Length);
        record[^2] = (byte)'}';
        record[^1] = (byte)'\n';
        Append(record);
    }

    private void Append(byte[] record)
    {
        lock (_lock)
        {
            _stream.Write(record);
        }
    }

    public void Dispose() => _stream.Dispose();
}
