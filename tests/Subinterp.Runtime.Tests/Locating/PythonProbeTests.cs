using Subinterp.Runtime.Locating;
using Subinterp.Runtime.Tests.Support;
using Subinterp.Testing;

namespace Subinterp.Runtime.Tests.Locating;

public sealed class PythonProbeTests
{
    [Fact]
    public void A_real_interpreter_answers_with_its_facts()
    {
        var facts = new PythonProbe().Probe(InstalledPythons.Newest.Executable);

        Assert.Equal("cpython", facts.Implementation);
        Assert.Equal(InstalledPythons.Newest.VersionText, facts.VersionText);
        Assert.True(facts.EnableShared);
        Assert.False(facts.GilDisabled);
        Assert.True(Directory.Exists(facts.LibDir));
    }

    [Fact]
    public void A_hanging_program_is_given_up_on_after_the_timeout()
    {
        using var temp = new TempDirectory();
        var script = temp.WriteExecutable("python3", "#!/bin/sh\nexec sleep 30\n");

        var error = Assert.Throws<PythonProbeException>(() => new PythonProbe(TimeSpan.FromMilliseconds(500)).Probe(script));

        Assert.Contains("did not answer within 0.5 s", error.Message);
    }

    [Fact]
    public void Output_printed_before_the_answer_is_ignored()
    {
        var facts = PythonProbe.Parse("python", "hello from sitecustomize\n\n{\"version\": [3, 13, 0], \"executable\": \"/x/python3\"}\n");

        Assert.Equal([3, 13, 0], facts.Version);
        Assert.Equal("/x/python3", facts.Executable);
    }

    [Fact]
    public void A_program_that_cannot_be_started_is_reported()
    {
        using var temp = new TempDirectory();
        var binary = temp.WriteExecutable("python3", "no shebang, not a binary");

        var error = Assert.Throws<PythonProbeException>(() => new PythonProbe().Probe(binary));

        Assert.Contains(binary, error.Message);
    }
}
