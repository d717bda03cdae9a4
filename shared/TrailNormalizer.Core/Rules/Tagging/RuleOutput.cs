using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// What a match of one rule adds to an event, built once per rule: its labels (<c>incident:…</c>, <c>control:…</c>) and
/// its enrichment object serialized with the events' writer options, so tagging a matched event formats nothing.
/// </summary>
internal sealed class RuleOutput
{
    private static readonly ConditionalWeakTable<SigmaRule, RuleOutput> Cache = [];

    private RuleOutput(SigmaRule rule)
    {
        Labels = [.. rule.IncidentCategories.Select(c => $"incident:{c}"), .. rule.Controls.Select(c => $"control:{c}")];
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, OcsfWriting.WriterOptions))
        {
            WriteEnrichment(w, rule);
        }

        Enrichment = buffer.WrittenSpan.ToArray();
    }

    /// <summary>The labels the match adds to <c>metadata.labels</c>, in order (categories, then controls).</summary>
    public string[] Labels { get; }

    /// <summary>The UTF-8 JSON of the match's <c>enrichments[]</c> object.</summary>
    public byte[] Enrichment { get; }

    public static RuleOutput For(SigmaRule rule) => Cache.GetValue(rule, static r => new RuleOutput(r));

    /// <summary>
    /// Writes the items of a tagged event's <c>metadata.labels</c>: the existing labels, then each matched rule's, every
    /// label once and in that order (<paramref name="written"/> is cleared first; it is the caller's to reuse).
    /// </summary>
    public static void WriteLabelValues(Utf8JsonWriter w, IEnumerable<string> existing, IReadOnlyList<SigmaRule> matched, HashSet<string> written)
    {
        written.Clear();
        foreach (string label in existing)
        {
            WriteOnce(w, written, label);
        }

        foreach (var rule in matched)
        {
            foreach (string label in For(rule).Labels)
            {
                WriteOnce(w, written, label);
            }
        }
    }

    private static void WriteOnce(Utf8JsonWriter w, HashSet<string> written, string label)
    {
        if (written.Add(label))
        {
            w.WriteStringValue(label);
        }
    }

    private static void WriteEnrichment(Utf8JsonWriter w, SigmaRule rule)
    {
        w.WriteStartObject();
        SigmaEnrichment.WriteFields(w, rule);
        w.WriteStartObject("data");
        SigmaEnrichment.WriteRuleData(w, rule);
        w.WriteStartArray("categories");
        foreach (string c in rule.IncidentCategories)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteStartArray("controls");
        foreach (var c in rule.Controls)
        {
            w.WriteStringValue(c.ToString());
        }

        w.WriteEndArray();
        if (rule.References.Count > 0)
        {
            w.WriteStartArray("references");
            foreach (string r in rule.References)
            {
                w.WriteStringValue(r);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
