using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// The rules of one source kind: those indexed by a required field value (looked up with the record's value of that
/// field, case-insensitively, without allocating) and those that must always be evaluated.
/// </summary>
internal sealed class KindIndex
{
    [ThreadStatic]
    private static List<JsonElement>? t_leaves;

    private readonly IndexedField[] _fields;

    public KindIndex(IEnumerable<SigmaRule> rules)
    {
        var fields = new Dictionary<string, (FieldPath Path, Dictionary<string, List<SigmaRule>> Rules)>(StringComparer.Ordinal);
        var always = new List<SigmaRule>();
        foreach (SigmaRule rule in rules)
        {
            if (IndexKeys.Choose(rule.Matcher) is not { } key)
            {
                always.Add(rule);
                continue;
            }

            if (!fields.TryGetValue(key.Path.Path, out var field))
            {
                field = (key.Path, new Dictionary<string, List<SigmaRule>>(StringComparer.OrdinalIgnoreCase));
                fields.Add(key.Path.Path, field);
            }

            foreach (string value in key.Values)
            {
                if (!field.Rules.TryGetValue(value, out List<SigmaRule>? list))
                {
                    field.Rules[value] = list = [];
                }

                list.Add(rule);
            }
        }

        _fields = fields.Values
            .Select(f => new IndexedField(f.Path, f.Rules.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.OrdinalIgnoreCase)))
            .ToArray();
        Always = [.. always];
    }

    /// <summary>Rules evaluated for every record of the kind.</summary>
    public SigmaRule[] Always { get; }

    /// <summary>The indexed field paths and, for each, how many values and rules it holds.</summary>
    public IEnumerable<(string Field, int Values, int Rules)> Fields =>
        _fields.Select(f => (f.Path.Path, f.Rules.Count, f.Rules.Values.SelectMany(r => r).Distinct().Count()));

    /// <summary>Whether a rule is in the always-evaluate list.</summary>
    public bool IsAlways(SigmaRule rule) => Array.IndexOf(Always, rule) >= 0;

    public void Evaluate(JsonElement record, ref List<SigmaRule>? hits)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            EvaluateCandidates(record, ref hits); // segment 0 of a path is then not always the record itself
            return;
        }

        RecordLookups lookups = RecordLookups.Begin();
        try
        {
            EvaluateCandidates(record, ref hits);
        }
        finally
        {
            lookups.End();
        }
    }

    private void EvaluateCandidates(JsonElement record, ref List<SigmaRule>? hits)
    {
        List<JsonElement> leaves = t_leaves ??= [];
        foreach (IndexedField field in _fields)
        {
            leaves.Clear();
            field.Path.Collect(record, leaves);
            for (int i = 0; i < leaves.Count; i++)
            {
                if (LeafText.TryGet(leaves[i], out ReadOnlySpan<char> text) && field.Lookup.TryGetValue(text, out SigmaRule[]? candidates))
                {
                    foreach (SigmaRule rule in candidates)
                    {
                        Test(rule, record, ref hits);
                    }
                }
            }
        }

        foreach (SigmaRule rule in Always)
        {
            Test(rule, record, ref hits);
        }
    }

    private static void Test(SigmaRule rule, JsonElement record, ref List<SigmaRule>? hits)
    {
        if (hits is not null && hits.Contains(rule))
        {
            return;
        }

        if (rule.Matcher.Matches(record))
        {
            (hits ??= []).Add(rule);
        }
    }

    private sealed class IndexedField(FieldPath path, Dictionary<string, SigmaRule[]> rules)
    {
        public FieldPath Path { get; } = path;

        public Dictionary<string, SigmaRule[]> Rules { get; } = rules;

        public Dictionary<string, SigmaRule[]>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; } = rules.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
