using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>
/// The output of CloudTrail's LookupEvents API (<c>aws cloudtrail lookup-events</c>): <c>{"Events":[...]}</c>,
/// where each entry holds the full record as a JSON string in <c>CloudTrailEvent</c> (management events) or is
/// the record itself (Insights events). Each record is routed on, so nothing in the page is lost.
/// </summary>
internal sealed class CloudTrailLookupEventsHandler : IRecordHandler
{
    /// <summary>The CloudTrail records LookupEvents returns.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [SourceKind.CloudTrail];

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (!value.TryGetProperty("Events", out var events) || events.ValueKind != JsonValueKind.Array
            || !events.EnumerateArray().Any(e => e.Str("CloudTrailEvent") is not null || CloudTrailHandler.IsCloudTrailRecord(e)))
        {
            return false;
        }

        int i = 0;
        foreach (var entry in events.EnumerateArray())
        {
            string location = $"#Events[{i++}]";
            if (entry.Str("CloudTrailEvent") is { } record)
            {
                context.RouteBytes(Encoding.UTF8.GetBytes(record), location + ".CloudTrailEvent");
            }
            else
            {
                context.Route(entry, location);
            }
        }

        return true;
    }
}
