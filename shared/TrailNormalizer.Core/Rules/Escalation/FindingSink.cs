using System.Text.Json;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Core.Rules.Escalation;

/// <summary>
/// Sits after tagging: passes every event on to evidence storage unchanged, then turns each Sigma match of a rule
/// whose level reaches <see cref="EscalationOptions.MinimumSeverityId"/> into an OCSF Detection Finding (2004) and
/// stores it the same way, once per (rule, event uid) in a run; the finding's uid is derived from that pair, so a
/// replay yields the same uid. <paramref name="batchKeyOfLastEvent"/> names the batch the event just went into.
/// </summary>
public sealed class FindingSink(SigmaRuleSet rules, IRecordSink inner, Func<string?> batchKeyOfLastEvent, EscalationOptions? options = null) : IRecordSink
{
    private readonly EscalationOptions _options = options ?? new EscalationOptions();
    private readonly Dictionary<string, SigmaRule> _rulesById = IndexById(rules);
    private readonly HashSet<(string Rule, string Event)> _seen = [];

    public void Normalized(NormalizedEvent normalizedEvent)
    {
        inner.Normalized(normalizedEvent);
        var ruleIds = normalizedEvent.MatchedRuleIds ?? ReadMatchedRuleIds(normalizedEvent.Json);
        if (ruleIds.Count > 0)
        {
            Escalate(normalizedEvent, ruleIds);
        }
    }

    /// <summary>
    /// Reads the event's matched rule ids into <see cref="NormalizedEvent.MatchedRuleIds"/> where order does not matter (a
    /// routing worker), so the sink, on the writer thread, does not parse the event again.
    /// </summary>
    internal static void PrepareOffWriter(NormalizedEvent normalizedEvent) =>
        normalizedEvent.MatchedRuleIds = ReadMatchedRuleIds(normalizedEvent.Json);

    public void Quarantined(QuarantineItem item) => inner.Quarantined(item);

    public void Control(string kind, string source) => inner.Control(kind, source);

    private void Escalate(NormalizedEvent ev, IReadOnlyList<string> ruleIds)
    {
        List<SigmaRule>? escalated = null;
        foreach (string ruleId in ruleIds)
        {
            if (_rulesById.TryGetValue(ruleId, out var rule) && rule.SeverityId >= _options.MinimumSeverityId && _seen.Add((rule.Id, ev.Uid)))
            {
                (escalated ??= []).Add(rule);
            }
        }

        if (escalated is null)
        {
            return;
        }

        string? batchKey = batchKeyOfLastEvent();
        foreach (var rule in escalated)
        {
            var finding = DetectionFindingBuilder.Build(ev, rule, batchKey);
            inner.Normalized(finding);
            _options.OnFinding?.Invoke(finding);
        }
    }

    /// <summary>The rule ids of the <c>sigma</c> enrichments the tagger wrote, in their order.</summary>
    private static List<string> ReadMatchedRuleIds(byte[] json)
    {
        if (json.AsSpan().IndexOf("\"sigma\""u8) < 0)
        {
            return [];
        }

        var ids = new List<string>();
        using var doc = JsonDocument.Parse(json, EventFacts.DocumentOptions);
        if (doc.RootElement.TryGetProperty("enrichments", out var enrichments) && enrichments.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in enrichments.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var n) && n.ValueEquals("sigma")
                    && e.TryGetProperty("value", out var v) && v.GetString() is { } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    private static Dictionary<string, SigmaRule> IndexById(SigmaRuleSet rules)
    {
        var byId = new Dictionary<string, SigmaRule>(StringComparer.Ordinal);
        foreach (var rule in rules.Rules)
        {
            byId.TryAdd(rule.Id, rule);
        }

        return byId;
    }
}
