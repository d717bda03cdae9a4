using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// "GuardDuty Finding" (detail = one GuardDuty finding) → Detection Finding (2004), activity Create:
/// finding id/title/description/type/createdAt/updatedAt → finding_info; numeric severity → severity_id
/// (below 4 Low, below 7 Medium, below 9 High, else Critical); the resource type and instance → resources.
/// </summary>
public static class GuardDutyFindingMapper
{
    public const string DetailType = "GuardDuty Finding";

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "id", "title", "description", "type", "createdAt", "updatedAt", "severity", "arn",
    };

    public static NormalizedEvent Map(EventBridgeEnvelope e, JsonElement finding, ReadOnlySpan<byte> raw)
    {
        string findingId = finding.NonEmpty("id")!;
        string? account = e.Account ?? finding.NonEmpty("accountId");
        string? region = e.Region ?? finding.NonEmpty("region");
        int severityId = FindingWriter.SeverityFromGuardDuty(finding);
        var resource = finding.Obj("resource");
        string? instanceId = resource?.Obj("instanceDetails")?.NonEmpty("instanceId")
            ?? resource?.Obj("accessKeyDetails")?.NonEmpty("accessKeyId");
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.DetectionFinding.Uid, e.TimeMs, e.Uid, account, region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.DetectionFinding, 1, null, e.TimeMs, severityId: severityId);
            CloudTrail.CloudTrailRecordMapper.WriteIfPresent(w, "message", finding.NonEmpty("title"));
            AwsEventWriter.WriteMetadata(w, e.Metadata("GuardDuty"));
            AwsEventWriter.WriteCloud(w, account, region);
            FindingWriter.WriteFindingInfo(w, new FindingInfo(
                findingId, finding.NonEmpty("title"), finding.NonEmpty("description"), finding.NonEmpty("type"),
                finding.NonEmpty("createdAt"), finding.NonEmpty("updatedAt"), finding.NonEmpty("arn")));
            FindingWriter.WriteResources(w, [new FindingResource(instanceId, resource?.NonEmpty("resourceType"), region)]);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, finding, Mapped, e.WriteUnmappedEnvelope);
        });
    }
}
