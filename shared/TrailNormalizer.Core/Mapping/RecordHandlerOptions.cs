namespace TrailNormalizer.Core.Mapping;

/// <summary>
/// The services handlers need from their host (object sources for pointers, SNS certificates, ...).
/// The CLI and each adapter fill in what they have; what is missing makes those records quarantine with a reason.
/// </summary>
public sealed record RecordHandlerOptions
{
}
