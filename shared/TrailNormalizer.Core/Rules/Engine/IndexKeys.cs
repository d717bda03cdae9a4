namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// Finds a field whose value a rule requires to be one of a set of literals (compared case-insensitively): a field
/// test with only exact values requires them; an AND requires what its most selective child requires; an OR
/// requires the union only when every branch requires the same field; NOT and keyword searches require nothing.
/// </summary>
internal static class IndexKeys
{
    /// <summary>Fields tried first, in order (the usual selective event-name fields of the supported sources).</summary>
    private static readonly string[] Preferred = ["eventName", "operationName", "operationName.value", "type", "eventType", "activityDisplayName", "eventSource"];

    /// <summary>The field to index the rule under and its values, or null when the rule must always be evaluated.</summary>
    public static (FieldPath Path, IReadOnlyCollection<string> Values)? Choose(IMatchNode root)
    {
        var fields = new Dictionary<string, FieldPath>(StringComparer.Ordinal);
        CollectFields(root, fields);
        (FieldPath Path, IReadOnlyCollection<string> Values)? best = null;
        int bestRank = int.MaxValue;
        foreach ((string name, FieldPath path) in fields)
        {
            HashSet<string>? values = Required(root, name);
            if (values is null)
            {
                continue;
            }

            int preferred = Array.IndexOf(Preferred, name);
            int rank = preferred >= 0 ? preferred : Preferred.Length + values.Count;
            if (rank < bestRank)
            {
                (best, bestRank) = ((path, values), rank);
            }
        }

        return best;
    }

    /// <summary>The literals a field must equal for the node to match, or null when the node does not constrain it.</summary>
    internal static HashSet<string>? Required(IMatchNode node, string field)
    {
        switch (node)
        {
            case FieldNode f when f.Path.Path == field && (!f.All || f.Tests.Length == 1):
                var values = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (IValueTest test in f.Tests)
                {
                    if (test is not PatternTest { Matcher.ExactLiteral: string literal })
                    {
                        return null;
                    }

                    values.Add(literal);
                }

                return values;
            case AndNode and:
                HashSet<string>? smallest = null;
                foreach (IMatchNode child in and.Children)
                {
                    HashSet<string>? required = Required(child, field);
                    if (required is not null && (smallest is null || required.Count < smallest.Count))
                    {
                        smallest = required;
                    }
                }

                return smallest;
            case OrNode or:
                var union = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (IMatchNode child in or.Children)
                {
                    HashSet<string>? required = Required(child, field);
                    if (required is null)
                    {
                        return null;
                    }

                    union.UnionWith(required);
                }

                return union.Count == 0 ? null : union;
            default:
                return null;
        }
    }

    private static void CollectFields(IMatchNode node, Dictionary<string, FieldPath> fields)
    {
        switch (node)
        {
            case FieldNode f:
                fields.TryAdd(f.Path.Path, f.Path);
                break;
            case AndNode and:
                foreach (IMatchNode child in and.Children)
                {
                    CollectFields(child, fields);
                }

                break;
            case OrNode or:
                foreach (IMatchNode child in or.Children)
                {
                    CollectFields(child, fields);
                }

                break;
        }
    }
}
