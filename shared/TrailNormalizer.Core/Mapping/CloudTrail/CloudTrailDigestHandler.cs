using System.Text.Json;
using TrailNormalizer.Core.Mapping.Aws;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>
/// CloudTrail log-file integrity digest files (<c>digestStartTime</c>, <c>digestEndTime</c>, <c>logFiles[]</c>, ...):
/// evidence that CloudTrail's own validation ran for an hour of logs. Kept as a Base Event timed at the end of
/// the digested hour, with the digest's fields in <c>unmapped</c>.
/// </summary>
internal sealed class CloudTrailDigestHandler : IRecordHandler
{
    /// <summary>CloudTrail digest files, read as CloudTrail.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [SourceKind.CloudTrail];

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "awsAccountId", "digestEndTime" };

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (value.Str("digestStartTime") is null || value.Str("digestEndTime") is not { } end || value.Str("digestS3Object") is null)
        {
            return false;
        }

        var (time, substituted) = EventTime.PlausibleOrReceived(OcsfTime.ParseIso(end), context.ReceivedMs);
        string? account = value.NonEmpty("awsAccountId");
        string? region = RegionOf(value.NonEmpty("digestS3Object"));
        var metadata = new AwsEventMetadata(RawData.Sha256Hex(raw), "CloudTrail", "CloudTrail Digest", end, substituted, "AWS CloudTrail");
        int files = value.TryGetProperty("logFiles", out var logs) && logs.ValueKind == JsonValueKind.Array ? logs.GetArrayLength() : 0;
        var content = new AwsBaseEventContent("CloudTrail Digest", $"CloudTrail log file integrity digest covering {files} log files", value, Mapped);
        context.Normalized(AwsBaseEvent.Map(raw, metadata, time, account, region, content) with { Kind = SourceKind.CloudTrail });
        return true;
    }

    /// <summary>Digest keys read AWSLogs/&lt;account&gt;/CloudTrail-Digest/&lt;region&gt;/...</summary>
    private static string? RegionOf(string? key)
    {
        const string Marker = "/CloudTrail-Digest/";
        int at = key?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        string rest = key![(at + Marker.Length)..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? rest[..slash] : null;
    }
}
