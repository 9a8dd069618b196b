using System.Text;

namespace Subinterp.Runtime.Orchestration;

/// <summary>Keeps the last bytes of a stream (a worker's stderr) and copies everything to a log file.</summary>
internal sealed class OutputTail
{
    private readonly int _capacity;
    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private int _size;

    public OutputTail(int capacity) => _capacity = capacity;

    public async Task PumpAsync(Stream source, string? logPath)
    {
        await using var log = logPath is null ? null : new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var buffer = new byte[16 * 1024];
        var decoder = new UTF8Encoding(false, false).GetDecoder();
        var chars = new char[buffer.Length + 1];
        var partial = new StringBuilder();
        int read;
        while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (log is not null)
            {
                await log.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
                await log.FlushAsync().ConfigureAwait(false);
            }
            var count = decoder.GetChars(buffer, 0, read, chars, 0);
            partial.Append(chars, 0, count);
            var text = partial.ToString();
            var lastNewline = text.LastIndexOf('\n');
            if (lastNewline >= 0)
            {
                Add(text[..(lastNewline + 1)]);
                partial.Clear().Append(text, lastNewline + 1, text.Length - lastNewline - 1);
            }
            if (partial.Length > _capacity)
            {
                Add(partial.ToString());
                partial.Clear();
            }
        }
        if (partial.Length > 0)
        {
            Add(partial.ToString());
        }
    }

    private void Add(string text)
    {
        lock (_lock)
        {
            _lines.Enqueue(text);
            _size += text.Length;
            while (_size > _capacity && _lines.Count > 1)
            {
                _size -= _lines.Dequeue().Length;
            }
        }
    }

    public string Text()
    {
        lock (_lock)
        {
            var text = string.Concat(_lines);
            return text.Length > _capacity ? text[^_capacity..] : text;
        }
    }
}
