using TrailNormalizer.Core.Mapping.CloudTrail;

namespace TrailNormalizer.Core.Mapping;

/// <summary>The handlers the router asks, in order: the most specific shapes first.</summary>
public static class RecordHandlers
{
    public static IReadOnlyList<IRecordHandler> Default(RecordHandlerOptions options) =>
    [
        new CloudTrailHandler(),
    ];
}
