using System.Text.Json;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Rules.Tagging;

/// <summary>
/// Evaluates the rule set against an event's source record and writes what matched into standard OCSF
/// attributes: <c>metadata.labels</c> (<c>incident:&lt;category&gt;</c>, <c>control:&lt;framework&gt;:&lt;id&gt;</c>),
/// <c>enrichments[]</c> (rule id, title, author — the Sigma license requires the author wherever a match is
/// shown — level, categories, controls) and <c>severity_id</c> raised to the highest matched level.
/// </summary>
public sealed class EventTagger(SigmaRuleSet rules)
{
    public SigmaRuleSet Rules => rules;

    /// <summary>
    /// The event with what the rules matched written into it, or the same event when nothing matched. Rules run on the
    /// parsed record the event carries while the router routes it (<see cref="NormalizedEvent.RoutedRecord"/>), else
    /// on its <c>raw_data</c> parsed again (an event tagged after routing, e.g. by a test or a tool).
    /// </summary>
    public NormalizedEvent Tag(NormalizedEvent ev)
    {
        if (rules.Rules.Count == 0 || ev.Kind is not { } kind)
        {
            return ev; // no rules, or its mapper declared no rule family for it
        }

        var matched = ev.RoutedRecord?.Value is { } record ? Evaluate(kind, record) : EvaluateRawData(kind, ev.Json);
        return matched.Count == 0 ? ev : ev with { Json = TaggedEventWriter.Write(ev.Json, matched) };
    }

    private IReadOnlyList<SigmaRule> Evaluate(SourceKind kind, JsonElement record)
    {
        using var rewritten = RuleInput.RewrittenRecord(kind, record);
        return rules.Evaluate(kind, rewritten?.RootElement ?? RuleInput.RecordOf(kind, record));
    }

    private IReadOnlyList<SigmaRule> EvaluateRawData(SourceKind kind, ReadOnlySpan<byte> json)
    {
        var (_, _, rawText) = EventFacts.Read(json);
        if (rawText is null)
        {
            return [];
        }

        try
        {
            using var raw = JsonDocument.Parse(rawText, EventFacts.DocumentOptions);
            return Evaluate(kind, raw.RootElement);
        }
        catch (JsonException)
        {
            return []; // raw_data that is not JSON has no fields for rules to name
        }
    }
}
