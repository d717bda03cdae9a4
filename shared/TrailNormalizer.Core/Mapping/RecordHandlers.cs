using TrailNormalizer.Core.Mapping.Azure.EventGrid;
using TrailNormalizer.Core.Mapping.CloudTrail;

namespace TrailNormalizer.Core.Mapping;

/// <summary>The handlers the router asks, in order: the most specific shapes first.</summary>
public static class RecordHandlers
{
    public static IReadOnlyList<IRecordHandler> Default(RecordHandlerOptions options) =>
    [
        new CloudTrailHandler(),
        // Event Grid / CloudEvents envelopes: after CloudTrail (whose records also say eventType), before Azure Monitor records.
        new EventGridHandler(),
    ];
}
