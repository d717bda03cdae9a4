using System.Text.Json;
using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.EventBridge;

/// <summary>The <c>finding_info</c> of a finding event.</summary>
internal readonly record struct FindingInfo(string Uid, string? Title, string? Description, string? Type, string? CreatedTime, string? ModifiedTime, string? ProductUid);

/// <summary>A resource a finding is about.</summary>
internal readonly record struct FindingResource(string? Uid, string? Type, string? Region);

/// <summary>Writes the parts Compliance and Detection Findings share: finding_info, resources, and severity scales.</summary>
internal static class FindingWriter
{
    public static void WriteFindingInfo(Utf8JsonWriter w, in FindingInfo f, string? firstSeen = null, string? lastSeen = null)
    {
        w.WriteStartObject("finding_info");
        w.WriteString("uid", f.Uid);
        w.WriteIfPresent("title", f.Title);
        w.WriteIfPresent("desc", f.Description);
        if (f.Type is not null)
        {
            w.WriteStartArray("types");
            w.WriteStringValue(f.Type);
            w.WriteEndArray();
        }

        if (EventTime.Plausible(OcsfTime.ParseIso(f.CreatedTime)) is { } created)
        {
            w.WriteNumber("created_time", created);
        }

        if (EventTime.Plausible(OcsfTime.ParseIso(f.ModifiedTime)) is { } modified)
        {
            w.WriteNumber("modified_time", modified);
        }

        if (EventTime.Plausible(OcsfTime.ParseAny(firstSeen)) is { } first)
        {
            w.WriteNumber("first_seen_time", first);
        }

        if (EventTime.Plausible(OcsfTime.ParseAny(lastSeen)) is { } last)
        {
            w.WriteNumber("last_seen_time", last);
        }

        w.WriteIfPresent("product_uid", f.ProductUid);
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes <c>evidences</c> with who and where the finding saw act: the principal, the remote address and its
    /// location (city and ISO country), the user agent and the API called. Nothing when none is known.
    /// </summary>
    public static void WriteEvidence(Utf8JsonWriter w, string? user, string? ip, string? city, string? country, string? userAgent, string? api)
    {
        bool validIp = ip is not null && System.Net.IPAddress.TryParse(ip, out _);
        country = country is { Length: 2 } && country.All(char.IsAsciiLetter) ? country : null;
        if (user is null && !validIp && api is null) // a user agent alone is no evidence object
        {
            return;
        }

        w.WriteStartArray("evidences");
        w.WriteStartObject();
        if (user is not null)
        {
            w.WriteStartObject("user");
            w.WriteString("name", user);
            w.WriteEndObject();
        }

        if (validIp)
        {
            w.WriteStartObject("src_endpoint");
            w.WriteString("ip", ip);
            if (city is not null || country is not null)
            {
                w.WriteStartObject("location");
                w.WriteIfPresent("city", city);
                w.WriteIfPresent("country", country);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        if (userAgent is not null)
        {
            w.WriteStartObject("http_request");
            w.WriteString("user_agent", userAgent);
            w.WriteEndObject();
        }

        if (api is not null)
        {
            w.WriteStartObject("api");
            w.WriteString("operation", api);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndArray();
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
            w.WriteIfPresent("uid", r.Uid);
            w.WriteIfPresent("type", r.Type);
            w.WriteIfPresent("region", r.Region);
            w.WriteEndObject();
        }

        if (started)
        {
            w.WriteEndArray();
        }
    }

    /// <summary>Most vulnerabilities one event lists.</summary>
    public const int MaxVulnerabilities = 50;

    /// <summary>
    /// One <c>vulnerabilities[]</c> item: title = the id; OCSF wants exactly one of cve/cwe/advisory, so a CVE id is
    /// <c>cve.uid</c>, a CWE id <c>cwe.uid</c>, any other id (ALAS, GHSA, a scanner's own) <c>advisory.uid</c>.
    /// </summary>
    public static void WriteVulnerability(Utf8JsonWriter w, string? id, string? vendor, string? severity, bool? fixAvailable, string? description = null, string? title = null)
    {
        w.WriteStartObject();
        w.WriteIfPresent("title", title ?? id);
        string kind = id is null ? "advisory"
            : id.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase) ? "cve"
            : id.StartsWith("CWE-", StringComparison.OrdinalIgnoreCase) ? "cwe"
            : "advisory";
        w.WriteStartObject(kind);
        w.WriteString("uid", id ?? "unknown");
        w.WriteEndObject();

        w.WriteIfPresent("desc", description);
        w.WriteIfPresent("vendor_name", vendor);
        w.WriteIfPresent("severity", severity);
        if (fixAvailable is { } fix)
        {
            w.WriteBoolean("is_fix_available", fix);
        }

        w.WriteEndObject();
    }

    /// <summary>
    /// A finding's workflow state (ASFF Workflow.Status, Inspector/Macie status) as the finding's <c>status</c>:
    /// NEW/ACTIVE New, NOTIFIED In Progress, SUPPRESSED/ARCHIVED Suppressed, RESOLVED/CLOSED Resolved, other Other.
    /// </summary>
    public static void WriteWorkflowStatus(Utf8JsonWriter w, string? state)
    {
        if (state is null)
        {
            return;
        }

        var (id, caption) = state.ToUpperInvariant() switch
        {
            "NEW" or "ACTIVE" => (1, "New"),
            "NOTIFIED" => (2, "In Progress"),
            "SUPPRESSED" or "ARCHIVED" => (3, "Suppressed"),
            "RESOLVED" or "CLOSED" => (4, "Resolved"),
            _ => (99, state),
        };
        w.WriteNumber("status_id", id);
        w.WriteString("status", caption);
        w.WriteString("status_code", state);
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
