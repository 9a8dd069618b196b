using System.Text.Json;
using Subinterp.Runtime.Orchestration;
using Subinterp.Runtime.Results;

namespace Subinterp.Runtime.Journal;

/// <summary>What an interrupted run's journal says: how the run was planned and which modules are done.</summary>
public sealed class JournalContents
{
    public required JournalHeader Header { get; init; }

    /// <summary>Final results by module key and mode (<see cref="ResultKey"/>); a later record for the same one replaces an earlier one.</summary>
    public required IReadOnlyDictionary<string, ModuleResult> Results { get; init; }

    /// <summary>The run reached its end (nothing left to resume).</summary>
    public bool Finished { get; init; }

    /// <exception cref="RunSetupException">No journal, or not one this version can read.</exception>
    public static JournalContents Read(string stateDirectory)
    {
        var path = RunJournal.PathIn(stateDirectory);
        if (!File.Exists(path))
        {
            throw new RunSetupException($"--resume: there is no journal at {path}; start the run without --resume.");
        }
        JournalHeader? header = null;
        var results = new Dictionary<string, ModuleResult>(StringComparer.Ordinal);
        var finished = false;
        foreach (var line in File.ReadLines(path))
        {
            // The last line may be cut short by the kill that interrupted the run.
            if (!TryParse(line, out var record))
            {
                continue;
            }
            using (record)
            {
                var root = record.RootElement;
                switch (root.TryGetProperty("kind", out var kind) ? kind.GetString() : null)
                {
                    case "header":
                        header = root.GetProperty("header").Deserialize(JournalJsonContext.Default.JournalHeader);
                        break;
                    case "result" when root.GetProperty("result").Deserialize(JournalJsonContext.Default.JournalResult) is { } result:
                        results[ResultKey.Of(result.Key, result.Result.Mode)] = result.Result;
                        break;
                    case "end":
                        finished = true;
                        break;
                    case "resume":
                        finished = false;
                        break;
                }
            }
        }
        if (header is null || header.Schema != JournalHeader.SchemaName)
        {
            throw new RunSetupException($"--resume: {path} is not a {JournalHeader.SchemaName} journal; start the run without --resume.");
        }
        return new JournalContents { Header = header, Results = results, Finished = finished };
    }

    private static bool TryParse(string line, out JsonDocument document)
    {
        try
        {
            document = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }
}
