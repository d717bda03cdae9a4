using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// The OCSF enrichment that names a matched Sigma rule, shared by tagged events and escalated findings. The author is
/// always shown: the Detection Rule License requires it wherever a rule's matches are shown.
/// </summary>
internal static class SigmaEnrichment
{
    /// <summary>The enrichment's own fields (name, value, type, provider, short_desc), inside an open object.</summary>
    public static void WriteFields(Utf8JsonWriter w, SigmaRule rule)
    {
        w.WriteString("name", "sigma");
        w.WriteString("value", rule.Id);
        w.WriteString("type", "Sigma rule match");
        w.WriteString("provider", "TrailNormalizer");
        w.WriteString("short_desc", $"{rule.Title} (by {rule.Author ?? "unknown author"})");
    }

    /// <summary>The rule's identity inside the open <c>data</c> object (id, title, author, level, file).</summary>
    public static void WriteRuleData(Utf8JsonWriter w, SigmaRule rule)
    {
        w.WriteString("rule_id", rule.Id);
        w.WriteString("title", rule.Title);
        w.WriteString("author", rule.Author ?? "unknown");
        w.WriteString("level", rule.Level ?? "informational");
        w.WriteString("rule_file", Path.GetFileName(rule.FilePath));
    }
}
