using System.Text.Json;
using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>The <c>finding_info</c> of a finding event.</summary>
public readonly record struct FindingInfo(string Uid, string? Title, string? Description, string? Type, string? CreatedTime, string? ModifiedTime, string? ProductUid);

/// <summary>A resource a finding is about.</summary>
public readonly record struct FindingResource(string? Uid, string? Type, string? Region);

/// <summary>Writes the parts Compliance and Detection Findings share: finding_info, resources, and severity scales.</summary>
public static class FindingWriter
{
    public static void WriteFindingInfo(Utf8JsonWriter w, in FindingInfo f)
    {
        w.WriteStartObject("finding_info");
        w.WriteString("uid", f.Uid);
        CloudTrailRecordMapper.WriteIfPresent(w, "title", f.Title);
        CloudTrailRecordMapper.WriteIfPresent(w, "desc", f.Description);
        if (f.Type is not null)
        {
            w.WriteStartArray("types");
            w.WriteStringValue(f.Type);
            w.WriteEndArray();
        }

        if (OcsfTime.ParseIso(f.CreatedTime) is { } created)
        {
            w.WriteNumber("created_time", created);
        }

        if (OcsfTime.ParseIso(f.ModifiedTime) is { } modified)
        {
            w.WriteNumber("modified_time", modified);
        }

        CloudTrailRecordMapper.WriteIfPresent(w, "product_uid", f.ProductUid);
        w.WriteEndObject();
    }

    public static void WriteResources(Utf8JsonWriter w, IEnumerable<FindingResource> resources)
    {
        bool started = false;
        foreach (var r in resources)
        {
            if (r.Uid is null)
            {
                continue; // OCSF needs a resource's name or uid; one without an id stays in raw_data
            }

            if (!started)
            {
                w.WriteStartArray("resources");
                started = true;
            }

            w.WriteStartObject();
            CloudTrailRecordMapper.WriteIfPresent(w, "uid", r.Uid);
            CloudTrailRecordMapper.WriteIfPresent(w, "type", r.Type);
            CloudTrailRecordMapper.WriteIfPresent(w, "region", r.Region);
            w.WriteEndObject();
        }

        if (started)
        {
            w.WriteEndArray();
        }
    }

    /// <summary>A severity label (INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL, any case) as an OCSF severity id; 0 when unknown.</summary>
    public static int SeverityFromLabel(string? label) => label?.ToUpperInvariant() switch
    {
        "INFORMATIONAL" => 1,
        "LOW" => 2,
        "MEDIUM" => 3,
        "HIGH" => 4,
        "CRITICAL" => 5,
        _ => 0,
    };

    /// <summary>GuardDuty's numeric severity: below 4 Low, below 7 Medium, below 9 High, else Critical; 0 when absent.</summary>
    public static int SeverityFromGuardDuty(JsonElement finding)
    {
        if (!finding.TryGetProperty("severity", out var value) || value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double severity))
        {
            return 0;
        }

        return severity switch
        {
            <= 0 => 0,
            < 4 => 2,
            < 7 => 3,
            < 9 => 4,
            _ => 5,
        };
    }
}
