using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>
/// "Security Hub Findings - Imported" (detail.findings[], ASFF) → one Detection Finding (2004) per finding,
/// activity Create: Id/Title/Description/Types[0]/CreatedAt/UpdatedAt/ProductArn → finding_info, Severity.Label →
/// severity_id, Resources[] → resources. <c>metadata.uid</c> is the EventBridge id when the event holds one finding,
/// else <c>id/findings[i]</c>; <c>metadata.correlation_uid</c> is always the EventBridge id; each event keeps the whole
/// EventBridge event as <c>raw_data</c>.
/// </summary>
public static class SecurityHubFindingMapper
{
    public const string DetailType = "Security Hub Findings - Imported";

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal)
    {
        "Id", "Title", "Description", "CreatedAt", "UpdatedAt", "ProductArn", "Resources",
    };

    public static IEnumerable<NormalizedEvent> Map(EventBridgeEnvelope e, JsonElement findings, ReadOnlySpan<byte> raw)
    {
        byte[] rawBytes = raw.ToArray();
        int count = findings.GetArrayLength();
        var events = new List<NormalizedEvent>(count);
        int i = 0;
        foreach (var finding in findings.EnumerateArray())
        {
            string uid = count == 1 ? e.Uid : $"{e.Uid}/findings[{i}]";
            events.Add(MapOne(e, finding, uid, rawBytes));
            i++;
        }

        return events;
    }

    private static NormalizedEvent MapOne(EventBridgeEnvelope e, JsonElement finding, string uid, byte[] rawBytes)
    {
        string findingId = finding.NonEmpty("Id") ?? uid;
        string? account = finding.NonEmpty("AwsAccountId") ?? e.Account;
        string? region = finding.NonEmpty("Region") ?? e.Region;
        int severityId = FindingWriter.SeverityFromLabel(finding.Obj("Severity")?.NonEmpty("Label"));
        string? type = finding.TryGetProperty("Types", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0
            && types[0].ValueKind == JsonValueKind.String ? types[0].GetString() : null;
        var resources = new List<FindingResource>();
        if (finding.TryGetProperty("Resources", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            resources.AddRange(list.EnumerateArray().Select(r => new FindingResource(r.NonEmpty("Id"), r.NonEmpty("Type"), r.NonEmpty("Region"))));
        }

        var metadata = e.Metadata(finding.NonEmpty("ProductName") ?? "Security Hub", uid);
        return AwsEventWriter.Write(OcsfClass.DetectionFinding.Uid, e.TimeMs, uid, account, region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.DetectionFinding, 1, null, e.TimeMs, severityId: severityId);
            CloudTrail.CloudTrailRecordMapper.WriteIfPresent(w, "message", finding.NonEmpty("Title"));
            WriteMetadataWithCorrelation(w, metadata, e.Uid);
            AwsEventWriter.WriteCloud(w, account, region);
            FindingWriter.WriteFindingInfo(w, new FindingInfo(
                findingId, finding.NonEmpty("Title"), finding.NonEmpty("Description"), type,
                finding.NonEmpty("CreatedAt"), finding.NonEmpty("UpdatedAt"), finding.NonEmpty("ProductArn")));
            FindingWriter.WriteResources(w, resources);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, finding, Mapped, e.WriteUnmappedEnvelope);
        });
    }

    private static void WriteMetadataWithCorrelation(Utf8JsonWriter w, in AwsEventMetadata metadata, string eventBridgeId) =>
        AwsEventWriter.WriteMetadata(w, metadata with { CorrelationUid = eventBridgeId });
}
