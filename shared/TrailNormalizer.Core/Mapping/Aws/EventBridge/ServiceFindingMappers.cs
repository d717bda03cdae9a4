using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// The other AWS security services' EventBridge findings, each to the OCSF finding class it is (see
/// docs/mapping-aws-envelopes.md): Macie (Data Security Finding), IAM Access Analyzer (Detection Finding), Inspector
/// package vulnerabilities and ECR image scans (Vulnerability Finding), Security Hub insight results (Detection Finding).
/// Every event's time is the finding's own last-update time when it has one.
/// </summary>
internal static class ServiceFindingMappers
{
    /// <summary>The mapper for a detail-type and source, or null when this is none of them.</summary>
    public static Func<EventBridgeEnvelope, JsonElement, ReadOnlySpan<byte>, NormalizedEvent>? For(string detailType, string source) => (detailType, source) switch
    {
        ("Macie Finding", "aws.macie") => Macie,
        ("Macie Alert", "aws.macie") => MacieClassicAlert,
        ("Access Analyzer Finding" or UnusedAccess or "Internal Access Finding", "aws.access-analyzer") => AccessAnalyzer,
        ("Inspector2 Finding", "aws.inspector2") => Inspector,
        ("ECR Image Scan", "aws.ecr") => EcrImageScan,
        ("Security Hub Insight Results", "aws.securityhub") => InsightResults,
        (Notifications.CloudWatchAlarmMapper.DetailType, "aws.cloudwatch") => Notifications.CloudWatchAlarmMapper.MapEventBridge,
        _ => null,
    };

    private const string UnusedAccess = "Unused Access Finding for IAM entities";

    private static readonly HashSet<string> NoneMapped = new(StringComparer.Ordinal);

    /// <summary>Macie (v2) sensitive-data and policy findings → Data Security Finding (2006).</summary>
    private static NormalizedEvent Macie(EventBridgeEnvelope envelope, JsonElement d, ReadOnlySpan<byte> raw)
    {
        var e = envelope.WithFindingTime(d.NonEmpty("updatedAt") ?? d.NonEmpty("createdAt"));
        var affected = d.Obj("resourcesAffected");
        var bucket = affected?.Obj("s3Bucket");
        var obj = affected?.Obj("s3Object");
        var resources = new List<FindingResource>
        {
            new(bucket?.NonEmpty("arn") ?? bucket?.NonEmpty("name"), "AWS::S3::Bucket", e.Region),
            new(obj?.NonEmpty("path") ?? obj?.NonEmpty("key"), obj is null ? null : "AWS::S3::Object", e.Region),
        };
        var actor = d.Obj("policyDetails")?.Obj("actor");
        var ipDetails = actor?.Obj("ipAddressDetails");
        string? ip = ipDetails?.NonEmpty("ipAddressV4");
        string? user = actor?.Obj("userIdentity")?.Obj("iamUser")?.NonEmpty("userName")
            ?? actor?.Obj("userIdentity")?.Obj("assumedRole")?.NonEmpty("arn") ?? actor?.Obj("userIdentity")?.Obj("root")?.NonEmpty("principalId");
        int severity = FindingWriter.SeverityFromLabel(d.Obj("severity")?.NonEmpty("description"));
        return Write(OcsfClass.DataSecurityFinding, e, d, raw, "Macie", severity,
            new FindingInfo(d.NonEmpty("id") ?? e.Uid, d.NonEmpty("title"), d.NonEmpty("description"), d.NonEmpty("type"),
                d.NonEmpty("createdAt"), d.NonEmpty("updatedAt"), null),
            resources, w =>
            {
                if (user is not null)
                {
                    w.WriteStartObject("actor");
                    w.WriteStartObject("user");
                    w.WriteString("name", user);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                if (ip is not null && System.Net.IPAddress.TryParse(ip, out _))
                {
                    w.WriteStartObject("src_endpoint");
                    w.WriteString("ip", ip);
                    w.WriteEndObject();
                }
            });
    }

    /// <summary>Macie Classic alerts → Data Security Finding (2006); risk-score 0–100 as severity.</summary>
    private static NormalizedEvent MacieClassicAlert(EventBridgeEnvelope envelope, JsonElement d, ReadOnlySpan<byte> raw)
    {
        var e = envelope.WithFindingTime(d.NonEmpty("created-at"));
        int severity = d.TryGetProperty("risk-score", out var score) && score.ValueKind == JsonValueKind.Number && score.TryGetDouble(out double risk)
            ? risk switch { >= 90 => 5, >= 70 => 4, >= 40 => 3, > 0 => 2, _ => OcsfEnums.SeverityInformational }
            : OcsfEnums.SeverityInformational;
        string? actor = d.NonEmpty("actor");
        return Write(OcsfClass.DataSecurityFinding, e, d, raw, "Macie", severity,
            new FindingInfo(d.NonEmpty("alert-arn") ?? e.Uid, d.NonEmpty("name"), d.Obj("summary")?.NonEmpty("Description") ?? d.Obj("trigger")?.NonEmpty("description"),
                d.NonEmpty("notification-type"), d.NonEmpty("created-at"), null, d.Obj("trigger")?.NonEmpty("rule-arn")),
            EnvelopeResources(e, "AWS::Macie::Alert"), w =>
            {
                if (actor is not null)
                {
                    w.WriteStartObject("actor");
                    w.WriteStartObject("user");
                    w.WriteString("name", actor);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
            });
    }

    /// <summary>IAM Access Analyzer: a resource shared outside the zone of trust, internal access, or an unused IAM role, key, password or permission → Detection Finding (2004); public access is High, unused access Low.</summary>
    private static NormalizedEvent AccessAnalyzer(EventBridgeEnvelope envelope, JsonElement d, ReadOnlySpan<byte> raw)
    {
        var e = envelope.WithFindingTime(d.NonEmpty("updatedAt") ?? d.NonEmpty("analyzedAt") ?? d.NonEmpty("createdAt"));
        string? resource = d.NonEmpty("resource");
        string? type = d.NonEmpty("resourceType");
        bool isPublic = d.Bool("isPublic") == true;
        string principal = d.Obj("principal") is { } p ? string.Join(", ", p.EnumerateObject().Select(x => $"{x.Name}: {(x.Value.ValueKind == JsonValueKind.String ? x.Value.GetString() : x.Value.GetRawText())}")) : "";
        string title = envelope.DetailType switch
        {
            UnusedAccess => $"Unused access ({d.NonEmpty("findingType") ?? "unused"}) of {type ?? "IAM entity"} {resource ?? ""}".TrimEnd(),
            "Internal Access Finding" => $"Internal access to {type ?? "resource"} {resource ?? ""}".TrimEnd(),
            _ => $"{(isPublic ? "Public" : "External")} access to {type ?? "resource"} {resource ?? ""}".TrimEnd(),
        };
        return Write(OcsfClass.DetectionFinding, e, d, raw, "IAM Access Analyzer", isPublic ? 4 : envelope.DetailType == UnusedAccess ? 2 : 3,
            new FindingInfo(d.NonEmpty("id") ?? e.Uid, title, principal.Length > 0 ? $"Granted to {principal}" : null, d.NonEmpty("findingType") ?? "ExternalAccess",
                d.NonEmpty("createdAt"), d.NonEmpty("updatedAt"), null),
            [new FindingResource(resource, type, d.NonEmpty("region") ?? e.Region)], w => FindingWriter.WriteWorkflowStatus(w, d.NonEmpty("status")));
    }

    /// <summary>Inspector: package vulnerabilities → Vulnerability Finding (2002); network reachability and others → Detection Finding (2004).</summary>
    private static NormalizedEvent Inspector(EventBridgeEnvelope envelope, JsonElement d, ReadOnlySpan<byte> raw)
    {
        var e = envelope.WithFindingTime(d.NonEmpty("updatedAt") ?? d.NonEmpty("lastObservedAt") ?? d.NonEmpty("firstObservedAt"));
        var package = d.Obj("packageVulnerabilityDetails");
        var cls = package is not null ? OcsfClass.VulnerabilityFinding : OcsfClass.DetectionFinding;
        var resources = d.TryGetProperty("resources", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(r => new FindingResource(r.NonEmpty("id"), r.NonEmpty("type"), r.NonEmpty("region"))).ToList()
            : [];
        return Write(cls, e, d, raw, "Inspector", FindingWriter.SeverityFromLabel(d.NonEmpty("severity")),
            new FindingInfo(d.NonEmpty("findingArn") ?? e.Uid, d.NonEmpty("title"), d.NonEmpty("description"), d.NonEmpty("type"),
                d.NonEmpty("firstObservedAt"), d.NonEmpty("updatedAt"), d.NonEmpty("findingArn")),
            resources, w =>
            {
                FindingWriter.WriteWorkflowStatus(w, d.NonEmpty("status"));
                if (package is { } p)
                {
                    bool? fix = d.NonEmpty("fixAvailable") is { } f ? f.Equals("YES", StringComparison.OrdinalIgnoreCase) : null;
                    w.WriteStartArray("vulnerabilities");
                    FindingWriter.WriteVulnerability(w, p.NonEmpty("vulnerabilityId"), p.NonEmpty("source"), p.NonEmpty("vendorSeverity"), fix, d.NonEmpty("description"));
                    w.WriteEndArray();
                }
            });
    }

    /// <summary>ECR basic image scan results → Vulnerability Finding (2002): one vulnerability entry per severity with its count; severity = the worst present.</summary>
    private static NormalizedEvent EcrImageScan(EventBridgeEnvelope e, JsonElement d, ReadOnlySpan<byte> raw)
    {
        var counts = d.Obj("finding-severity-counts") is { } c
            ? c.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out int n) && n > 0)
                .Select(p => (Level: p.Name, Count: p.Value.GetInt32())).ToList()
            : [];
        int severity = counts.Count == 0 ? OcsfEnums.SeverityInformational : counts.Max(x => FindingWriter.SeverityFromLabel(x.Level));
        string repository = d.NonEmpty("repository-name") ?? "repository";
        string? digest = d.NonEmpty("image-digest");
        string summary = counts.Count == 0 ? "no findings" : string.Join(", ", counts.Select(x => $"{x.Count} {x.Level}"));
        var resources = new List<FindingResource> { new(digest is null ? repository : $"{repository}@{digest}", "AWS::ECR::Image", e.Region) };
        resources.AddRange(EnvelopeResources(e, "AWS::ECR::Repository"));
        return Write(OcsfClass.VulnerabilityFinding, e, d, raw, "ECR", severity,
            new FindingInfo(e.Uid, $"ECR image scan of {repository}: {summary}", d.NonEmpty("scan-status"), "ECR Image Scan", null, null, null),
            resources, w =>
            {
                w.WriteStartArray("vulnerabilities");
                foreach (var (level, count) in counts)
                {
                    FindingWriter.WriteVulnerability(w, $"ecr-image-scan:{repository}@{digest}:{level}", "Amazon ECR", level, null, title: $"{count} {level} findings");
                }

                w.WriteEndArray();
            });
    }

    /// <summary>Security Hub insight results sent to a custom action → Detection Finding (2004), activity Other "Insight Results".</summary>
    private static NormalizedEvent InsightResults(EventBridgeEnvelope e, JsonElement d, ReadOnlySpan<byte> raw)
    {
        int results = d.TryGetProperty("insightResults", out var r) && r.ValueKind == JsonValueKind.Array ? r.GetArrayLength() : 0;
        return Write(OcsfClass.DetectionFinding, e, d, raw, "Security Hub", OcsfEnums.SeverityInformational,
            new FindingInfo(d.NonEmpty("insightArn") ?? e.Uid, d.NonEmpty("insightName") ?? "Security Hub insight",
                d.NonEmpty("actionDescription") ?? $"{results} insight result(s) sent to custom action {d.NonEmpty("actionName")}", "Insight Results", null, null, d.NonEmpty("insightArn")),
            EnvelopeResources(e, "AWS::SecurityHub::Insight"), _ => { }, activityId: 99, activityName: "Insight Results");
    }

    private static List<FindingResource> EnvelopeResources(EventBridgeEnvelope e, string type) =>
        e.Value.ValueKind == JsonValueKind.Object && e.Value.TryGetProperty("resources", out var arns) && arns.ValueKind == JsonValueKind.Array
            ? arns.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => new FindingResource(a.GetString(), type, e.Region)).ToList()
            : [];

    private static NormalizedEvent Write(
        OcsfClass cls, EventBridgeEnvelope e, JsonElement detail, ReadOnlySpan<byte> raw, string product, int severityId, FindingInfo info,
        IEnumerable<FindingResource> resources, Action<Utf8JsonWriter> classFields, int activityId = 1, string? activityName = null)
    {
        byte[] rawBytes = raw.ToArray();
        var resourceList = resources.ToList();
        return AwsEventWriter.Write(cls.Uid, e.TimeMs, e.Uid, e.Account, e.Region, w =>
        {
            OcsfHeader.Write(w, cls, activityId, activityName, e.TimeMs, severityId: severityId > 0 ? severityId : OcsfEnums.SeverityInformational);
            w.WriteIfPresent("message", info.Title);
            AwsEventWriter.WriteMetadata(w, e.Metadata(product));
            AwsEventWriter.WriteCloud(w, e.Account, e.Region);
            FindingWriter.WriteFindingInfo(w, info);
            classFields(w);
            FindingWriter.WriteResources(w, resourceList);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, detail, NoneMapped, e.WriteUnmappedEnvelope);
        });
    }
}
