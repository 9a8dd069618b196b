namespace Subinterp.Runtime.Tests.Leaks;

/// <summary>Tests that change this process's own state run alone: other tests open descriptors and start threads.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessStateCollection
{
    public const string Name = "process state";
}
