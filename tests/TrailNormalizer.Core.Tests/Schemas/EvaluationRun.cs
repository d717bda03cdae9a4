namespace TrailNormalizer.Core.Tests.Schemas;

/// <summary>The state of validating one event: the errors found so far and the profiles the event declares
/// in <c>metadata.profiles</c> (used to explain why a profile attribute is not allowed).</summary>
internal sealed class EvaluationRun(IReadOnlySet<string> declaredProfiles)
{
    public List<string> Errors { get; } = [];

    public IReadOnlySet<string> DeclaredProfiles { get; } = declaredProfiles;

    /// <summary>A scratch run for trying a subschema (anyOf, if, contains) without reporting its errors.</summary>
    public EvaluationRun Fork() => new(DeclaredProfiles);
}
