namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>End-to-end tests run one at a time: each starts a handler process and they share Azurite on a 2-core machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndGroup
{
    public const string Name = "end-to-end";
}
