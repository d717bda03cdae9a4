namespace TrailNormalizer.SchemaGen;

/// <summary>The OCSF event classes the project emits, and the profile sets a schema is generated for.</summary>
internal static class TargetClasses
{
    /// <summary>Class names as OCSF spells them (note OCSF's own typo in <c>event_log_actvity</c>).</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "base_event",
        "event_log_actvity",
        "vulnerability_finding",
        "compliance_finding",
        "detection_finding",
        "data_security_finding",
        "account_change",
        "authentication",
        "api_activity",
        "cloud_resources_inventory_info",
    ];

    /// <summary>Each class gets one schema per entry: no profile, and the cloud profile.</summary>
    public static readonly IReadOnlyList<ProfileVariant> Variants =
    [
        new ProfileVariant(".schema.json", []),
        new ProfileVariant(".cloud.schema.json", ["cloud"]),
    ];
}

/// <summary>A set of active OCSF profiles and the file-name suffix of its schemas.</summary>
internal sealed record ProfileVariant(string FileSuffix, IReadOnlyList<string> Profiles);
