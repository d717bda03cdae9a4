namespace TrailNormalizer.Core.Ocsf;

/// <summary>An OCSF 1.8.0 event class the normalizer emits, with its category and activity captions.</summary>
internal sealed record OcsfClass(int Uid, string Name, int CategoryUid, string CategoryName, IReadOnlyDictionary<int, string> Activities)
{
    /// <summary>The caption of an activity id; ids the class does not define are "Other".</summary>
    public string ActivityCaption(int activityId) => Activities.TryGetValue(activityId, out var caption) ? caption : "Other";

    public static readonly OcsfClass BaseEvent = new(0, "Base Event", 0, "Uncategorized", new Dictionary<int, string>
    {
        [0] = "Unknown", [99] = "Other",
    });

    public static readonly OcsfClass EventLogActivity = new(1008, "Event Log Activity", 1, "System Activity", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Clear", [2] = "Delete", [3] = "Export", [4] = "Archive", [5] = "Rotate",
        [6] = "Start", [7] = "Stop", [8] = "Restart", [9] = "Enable", [10] = "Disable", [99] = "Other",
    });

    public static readonly OcsfClass VulnerabilityFinding = new(2002, "Vulnerability Finding", 2, "Findings", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Create", [2] = "Update", [3] = "Close", [99] = "Other",
    });

    public static readonly OcsfClass ComplianceFinding = new(2003, "Compliance Finding", 2, "Findings", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Create", [2] = "Update", [3] = "Close", [99] = "Other",
    });

    public static readonly OcsfClass DetectionFinding = new(2004, "Detection Finding", 2, "Findings", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Create", [2] = "Update", [3] = "Close", [99] = "Other",
    });

    public static readonly OcsfClass DataSecurityFinding = new(2006, "Data Security Finding", 2, "Findings", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Create", [2] = "Update", [3] = "Close", [99] = "Other",
    });

    public static readonly OcsfClass AccountChange = new(3001, "Account Change", 3, "Identity & Access Management", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Create", [2] = "Enable", [3] = "Password Change", [4] = "Password Reset", [5] = "Disable",
        [6] = "Delete", [7] = "Attach Policy", [8] = "Detach Policy", [9] = "Lock", [10] = "MFA Factor Enable",
        [11] = "MFA Factor Disable", [12] = "Unlock", [99] = "Other",
    });

    public static readonly OcsfClass Authentication = new(3002, "Authentication", 3, "Identity & Access Management", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Logon", [2] = "Logoff", [3] = "Authentication Ticket", [4] = "Service Ticket Request",
        [5] = "Service Ticket Renew", [6] = "Preauth", [7] = "Account Switch", [99] = "Other",
    });

    public static readonly OcsfClass ApiActivity = new(6003, "API Activity", 6, "Application Activity", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Create", [2] = "Read", [3] = "Update", [4] = "Delete", [99] = "Other",
    });

    public static readonly OcsfClass CloudResourcesInventoryInfo = new(5023, "Cloud Resources Inventory Info", 5, "Discovery", new Dictionary<int, string>
    {
        [0] = "Unknown", [1] = "Log", [2] = "Collect", [99] = "Other",
    });

    /// <summary>Every class the normalizer emits, by uid.</summary>
    public static readonly IReadOnlyDictionary<int, OcsfClass> ByUid = new[]
    {
        BaseEvent, EventLogActivity, VulnerabilityFinding, ComplianceFinding, DetectionFinding, DataSecurityFinding, AccountChange, Authentication,
        CloudResourcesInventoryInfo, ApiActivity,
    }.ToDictionary(c => c.Uid);
}
