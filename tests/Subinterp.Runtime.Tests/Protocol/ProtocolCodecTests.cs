using System.Diagnostics;
using System.Text;
using Subinterp.Runtime.Locating;
using Subinterp.Testing;
using Subinterp.Runtime.Protocol;

namespace Subinterp.Runtime.Tests.Protocol;

public sealed class ProtocolCodecTests
{
    [Fact]
    public void RoundTripsAMessageAsOneLine()
    {
        var message = new ProtocolMessage { Type = "test-end", Slot = 1, Seq = 7, Id = "m.T.t", Outcome = "failed", Stdout = "a\nb\u00e9", Line = 3 };

        var line = ProtocolCodec.EncodeLine(message);

        Assert.Equal((byte)'\n', line[^1]);
        Assert.DoesNotContain((byte)'\n', line[..^1]);
        var decoded = ProtocolCodec.Decode(line.AsSpan(0, line.Length - 1));
        Assert.Equal(("test-end", 1, 7, "m.T.t", "a\nb\u00e9", 3), (decoded.Type, decoded.Slot, decoded.Seq, decoded.Id, decoded.Stdout, decoded.Line));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"slot\": 1}")]
    public void MalformedLinesAreProtocolErrors(string line)
    {
        Assert.Throws<ProtocolException>(() => ProtocolCodec.Decode(Encoding.UTF8.GetBytes(line)));
    }

    [PythonTheory]
    public void QuotedStringsAreValidPythonLiterals(PythonInstallation python)
    {
        const string text = "quote \" backslash \\ newline \n tab \t <html> \u00e9 \U0001F600 '";
        var start = new ProcessStartInfo(python.Executable) { RedirectStandardOutput = true, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"import sys; sys.stdout.buffer.write(({ProtocolCodec.QuoteForPython(text)}).encode('utf-8'))");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();

        Assert.Equal(text, Encoding.UTF8.GetString(output.ToArray()));
    }
}
