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

    /// <summary>Findings produced in this run.</summary>
    public long FindingCount { get; private set; }

    public void Normalized(NormalizedEvent normalizedEvent)
    {
        inner.Normalized(normalizedEvent);
        if (normalizedEvent.Json.AsSpan().IndexOf("\"sigma\""u8) >= 0)
        {
            Escalate(normalizedEvent);
        }
    }

    public void Quarantined(QuarantineItem item) => inner.Quarantined(item);

    public void Control(string kind, string source) => inner.Control(kind, source);

    private void Escalate(NormalizedEvent ev)
    {
        List<SigmaRule>? escalated = null;
        using (var doc = JsonDocument.Parse(ev.Json, EventFacts.DocumentOptions))
        {
            foreach (string ruleId in MatchedRuleIds(doc.RootElement))
            {
                if (_rulesById.TryGetValue(ruleId, out var rule) && rule.SeverityId >= _options.MinimumSeverityId && _seen.Add((rule.Id, ev.Uid)))
                {
                    (escalated ??= []).Add(rule);
                }
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
            FindingCount++;
            _options.OnFinding?.Invoke(finding);
        }
    }

    /// <summary>The rule ids of the <c>sigma</c> enrichments the tagger wrote.</summary>
    private static IEnumerable<string> MatchedRuleIds(JsonElement ev)
    {
        if (!ev.TryGetProperty("enrichments", out var enrichments) || enrichments.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var e in enrichments.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("name", out var n) && n.ValueEquals("sigma")
                && e.TryGetProperty("value", out var v) && v.GetString() is { } id)
            {
                yield return id;
            }
        }
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
