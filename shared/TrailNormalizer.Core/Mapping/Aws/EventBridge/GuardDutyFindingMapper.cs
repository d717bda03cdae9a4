using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// A GuardDuty finding (the <c>detail</c> of "GuardDuty Finding", or bare as exported) → Detection Finding (2004),
/// activity Create: id/title/description/type/createdAt/updatedAt/arn → finding_info; the event time is the finding's
/// own <c>updatedAt</c> (never a 1970 placeholder or the received time when the finding has one); numeric severity →
/// severity_id (below 4 Low, below 7 Medium, below 9 High, else Critical); the affected resource → resources; the
/// remote caller (API call, network connection, port probe, login attempt) and its user agent → evidences.
/// </summary>
internal static class GuardDutyFindingMapper
{
    public const string DetailType = "GuardDuty Finding";

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "id", "title", "description", "type", "createdAt", "updatedAt", "severity", "arn",
    };

    /// <summary>A bare GuardDuty finding: GuardDuty's ARN, id, type and severity (as <c>get-findings</c> and exports write it).</summary>
    public static bool IsBareFinding(JsonElement value) =>
        value.NonEmpty("id") is not null && value.NonEmpty("type") is not null && value.TryGetProperty("severity", out _)
        && (value.NonEmpty("arn")?.Contains(":guardduty:", StringComparison.Ordinal) ?? false)
        && value.Obj("resource") is not null;

    public static NormalizedEvent Map(EventBridgeEnvelope envelope, JsonElement finding, ReadOnlySpan<byte> raw)
    {
        var e = envelope.WithFindingTime(finding.NonEmpty("updatedAt") ?? finding.NonEmpty("createdAt"));
        string findingId = finding.NonEmpty("id")!;
        string? account = e.Account ?? finding.NonEmpty("accountId");
        string? region = e.Region ?? finding.NonEmpty("region");
        int severityId = FindingWriter.SeverityFromGuardDuty(finding);
        var resource = finding.Obj("resource");
        string? resourceType = resource?.NonEmpty("resourceType");
        string? resourceId = resource?.Obj("instanceDetails")?.NonEmpty("instanceId")
            ?? resource?.Obj("accessKeyDetails")?.NonEmpty("accessKeyId")
            ?? FirstBucket(resource)
            ?? resource?.Obj("eksClusterDetails")?.NonEmpty("name");
        var service = finding.Obj("service");
        var action = service?.Obj("action");
        var remote = RemoteDetails(action);
        string? remoteIp = remote?.NonEmpty("ipAddressV4") ?? remote?.NonEmpty("ipAddressV6");
        string? userAgent = action?.Obj("awsApiCallAction")?.NonEmpty("userAgent");
        string? principal = resource?.Obj("accessKeyDetails")?.NonEmpty("userName");
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.DetectionFinding.Uid, e.TimeMs, e.Uid, account, region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.DetectionFinding, 1, null, e.TimeMs, severityId: severityId);
            w.WriteIfPresent("message", finding.NonEmpty("title"));
            AwsEventWriter.WriteMetadata(w, e.Metadata("GuardDuty"));
            AwsEventWriter.WriteCloud(w, account, region);
            FindingWriter.WriteFindingInfo(w, new FindingInfo(
                findingId, finding.NonEmpty("title"), finding.NonEmpty("description"), finding.NonEmpty("type"),
                finding.NonEmpty("createdAt"), finding.NonEmpty("updatedAt"), finding.NonEmpty("arn")),
                service?.NonEmpty("eventFirstSeen"), service?.NonEmpty("eventLastSeen"));
            FindingWriter.WriteResources(w, [new FindingResource(resourceId, resourceType, region)]);
            FindingWriter.WriteEvidence(w, principal, remoteIp, remote?.Obj("city")?.NonEmpty("cityName"),
                remote?.Obj("country")?.NonEmpty("countryCode"), userAgent, action?.Obj("awsApiCallAction")?.NonEmpty("api"));
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, finding, Mapped, e.WriteUnmappedEnvelope);
        });
    }

    private static string? FirstBucket(JsonElement? resource) =>
        resource?.TryGetProperty("s3BucketDetails", out var buckets) == true && buckets.ValueKind == JsonValueKind.Array
            ? buckets.EnumerateArray().Select(b => b.NonEmpty("name")).FirstOrDefault(n => n is not null)
            : null;

    /// <summary>The remote party of whichever action the finding reports.</summary>
    private static JsonElement? RemoteDetails(JsonElement? action)
    {
        if (action is not { } a)
        {
            return null;
        }

        return a.Obj("awsApiCallAction")?.Obj("remoteIpDetails")
            ?? a.Obj("networkConnectionAction")?.Obj("remoteIpDetails")
            ?? a.Obj("kubernetesApiCallAction")?.Obj("remoteIpDetails")
            ?? a.Obj("rdsLoginAttemptAction")?.Obj("remoteIpDetails")
            ?? (a.Obj("portProbeAction")?.TryGetProperty("portProbeDetails", out var probes) == true && probes.ValueKind == JsonValueKind.Array
                ? probes.EnumerateArray().Select(p => p.Obj("remoteIpDetails")).FirstOrDefault(r => r is not null)
                : null);
    }
}
