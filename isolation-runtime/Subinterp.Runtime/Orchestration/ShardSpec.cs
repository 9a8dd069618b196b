using System.Globalization;

namespace Subinterp.Runtime.Orchestration;

/// <summary>`--shard i/N`: run the i-th of N shares of the modules (1-based), e.g. one per CI machine.</summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <exception cref="RunSetupException">Not of the form i/N with 1 &lt;= i &lt;= N; the message shows the form.</exception>
    public static ShardSpec Parse(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            var shard = new ShardSpec(index, count);
            shard.Validate();
            return shard;
        }
        throw new RunSetupException($"--shard takes i/N, the i-th of N shares of the modules (e.g. --shard 1/4 ... --shard 4/4); got '{text}'.");
    }

    /// <exception cref="RunSetupException">The index is outside 1..N or N is below 1.</exception>
    public void Validate()
    {
        if (Count < 1)
        {
            throw new RunSetupException($"--shard {this}: the number of shards must be at least 1.");
        }
        if (Index < 1 || Index > Count)
        {
            throw new RunSetupException($"--shard {this}: the shard number must be between 1 and {Count} (shards are numbered from 1: --shard 1/{Count} ... --shard {Count}/{Count}).");
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
