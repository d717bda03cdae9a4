using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Mapping.CloudTrail;

namespace TrailNormalizer.Core.Mapping;

/// <summary>The handlers the router asks, in order: the most specific shapes first.</summary>
public static class RecordHandlers
{
    public static IReadOnlyList<IRecordHandler> Default(RecordHandlerOptions options) =>
    [
        new CloudTrailHandler(),
        new AzureMonitorHandler(), // Azure Monitor records, resource logs and Entra ID logs: after the shapes with their own ids
    ];
}
