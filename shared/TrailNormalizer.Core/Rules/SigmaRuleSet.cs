using System.Text.Json;
using TrailNormalizer.Core.Rules.Engine;

namespace TrailNormalizer.Core.Rules;

/// <summary>
/// Loaded rules with the diagnostics of the ones that did not load, indexed per source kind so that evaluating a
/// record costs little for rules that cannot match it (see docs/sigma-engine.md).
/// </summary>
public sealed class SigmaRuleSet
{
    private readonly KindIndex[] _kinds;
    private readonly Dictionary<SigmaRule, int> _order;

    public SigmaRuleSet(IEnumerable<SigmaRule> rules, IEnumerable<RuleDiagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(diagnostics);
        Rules = rules.ToArray();
        Diagnostics = diagnostics.ToArray();
        _order = new Dictionary<SigmaRule, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < Rules.Count; i++)
        {
            _order.TryAdd(Rules[i], i);
        }

        _kinds = SourceKinds.All.Select(kind => new KindIndex(Rules.Where(r => r.SourceKinds.Contains(kind)))).ToArray();
    }

    /// <summary>An empty rule set.</summary>
    public static SigmaRuleSet Empty { get; } = new([], []);

    /// <summary>Every rule that loaded, in load order.</summary>
    public IReadOnlyList<SigmaRule> Rules { get; }

    /// <summary>Why each rule that did not load was rejected.</summary>
    public IReadOnlyList<RuleDiagnostic> Diagnostics { get; }

    /// <summary>One set holding the rules and diagnostics of several (e.g. the built-in rules and user folders).</summary>
    public static SigmaRuleSet Combine(params IEnumerable<SigmaRuleSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        SigmaRuleSet[] all = sets.ToArray();
        return new SigmaRuleSet(all.SelectMany(s => s.Rules), all.SelectMany(s => s.Diagnostics));
    }

    /// <summary>The rules of the record's kind that match it, in load order (empty, not allocated, when none match).</summary>
    public IReadOnlyList<SigmaRule> Evaluate(SourceKind kind, JsonElement record)
    {
        List<SigmaRule>? hits = null;
        _kinds[(int)kind].Evaluate(record, ref hits);
        if (hits is null)
        {
            return [];
        }

        if (hits.Count > 1)
        {
            hits.Sort((a, b) => _order[a].CompareTo(_order[b]));
        }

        return hits;
    }

    /// <summary>Whether a rule of this set is evaluated for every record of a kind (it could not be indexed).</summary>
    public bool IsAlwaysEvaluated(SourceKind kind, SigmaRule rule) => _kinds[(int)kind].IsAlways(rule);

    /// <summary>Index statistics for a kind: indexed fields with their value and rule counts, and the always-evaluated count.</summary>
    public (IReadOnlyList<(string Field, int Values, int Rules)> Fields, int Always) IndexStats(SourceKind kind) =>
        (_kinds[(int)kind].Fields.ToArray(), _kinds[(int)kind].Always.Length);
}
