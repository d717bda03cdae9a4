namespace TrailNormalizer.Core.Tests.Rules.Catalogue;

/// <summary>The incident categories (the original nine plus remote-execution and guardrail-removal) and their intended controls, as the tests' independent reference.</summary>
public static class DesignCategories
{
    /// <summary>Category → (SOC 2, ISO 27001:2013, ISO 27001:2022) control ids, as docs/rules.md lists them.</summary>
    public static IReadOnlyDictionary<string, (string Soc2, string Iso2013, string Iso2022)> Controls { get; } =
        new Dictionary<string, (string, string, string)>(StringComparer.Ordinal)
        {
            ["logging-tamper"] = ("CC7.2", "A.12.4.2", "A.8.15"),
            ["credential-access"] = ("CC6.1", "A.9.4.2", "A.8.5"),
            ["privilege-change"] = ("CC6.3", "A.9.2.3", "A.8.2"),
            ["encryption-weakened"] = ("CC6.1", "A.10.1.2", "A.8.24"),
            ["data-exposure"] = ("CC6.6", "A.9.4.1", "A.8.3"),
            ["network-exposure"] = ("CC6.6", "A.13.1.1", "A.8.20"),
            ["patch-compliance"] = ("CC7.1", "A.12.6.1", "A.8.8"),
            ["comms-channel-change"] = ("CC7.4", "A.16.1.2", "A.6.8"),
            ["change-management"] = ("CC8.1", "A.12.1.2", "A.8.32"),
            ["remote-execution"] = ("CC6.8", "A.9.4.4", "A.8.18"),
            ["guardrail-removal"] = ("CC5.2", "A.18.2.2", "A.5.36"),
        };

    public static IEnumerable<string> Ids => Controls.Keys;

    /// <summary>The rule tag of a category: <c>incident.</c> and the id with dashes as underscores.</summary>
    public static string TagOf(string category) => "incident." + category.Replace('-', '_');

    /// <summary>Clause titles as the standards word them (ISO/IEC 27001 Annex A), for the controls the categories cite.</summary>
    public static IReadOnlyDictionary<(string Framework, string Id), string> IsoTitles { get; } =
        new Dictionary<(string, string), string>
        {
            [("iso27001-2013", "A.9.2.3")] = "Management of privileged access rights",
            [("iso27001-2013", "A.9.4.1")] = "Information access restriction",
            [("iso27001-2013", "A.9.4.2")] = "Secure log-on procedures",
            [("iso27001-2013", "A.9.4.4")] = "Use of privileged utility programs",
            [("iso27001-2013", "A.10.1.2")] = "Key management",
            [("iso27001-2013", "A.12.1.2")] = "Change management",
            [("iso27001-2013", "A.12.4.1")] = "Event logging",
            [("iso27001-2013", "A.12.4.2")] = "Protection of log information",
            [("iso27001-2013", "A.12.6.1")] = "Management of technical vulnerabilities",
            [("iso27001-2013", "A.13.1.1")] = "Network controls",
            [("iso27001-2013", "A.16.1.2")] = "Reporting information security events",
            [("iso27001-2013", "A.16.1.7")] = "Collection of evidence",
            [("iso27001-2013", "A.18.2.2")] = "Compliance with security policies and standards",
            [("iso27001-2022", "A.5.28")] = "Collection of evidence",
            [("iso27001-2022", "A.5.36")] = "Compliance with policies, rules and standards for information security",
            [("iso27001-2022", "A.6.8")] = "Information security event reporting",
            [("iso27001-2022", "A.8.2")] = "Privileged access rights",
            [("iso27001-2022", "A.8.3")] = "Information access restriction",
            [("iso27001-2022", "A.8.5")] = "Secure authentication",
            [("iso27001-2022", "A.8.8")] = "Management of technical vulnerabilities",
            [("iso27001-2022", "A.8.15")] = "Logging",
            [("iso27001-2022", "A.8.18")] = "Use of privileged utility programs",
            [("iso27001-2022", "A.8.20")] = "Networks security",
            [("iso27001-2022", "A.8.24")] = "Use of cryptography",
            [("iso27001-2022", "A.8.32")] = "Change management",
        };
}
