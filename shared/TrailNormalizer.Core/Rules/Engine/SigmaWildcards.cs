using System.Text;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// Parses Sigma value text into pattern parts: <c>*</c> and <c>?</c> are wildcards; <c>\*</c>, <c>\?</c> and
/// <c>\\</c> are the literal characters; a backslash before any other character is a literal backslash.
/// </summary>
internal static class SigmaWildcards
{
    public static List<PatternPart> Parse(string value)
    {
        var parts = new List<PatternPart>();
        var literal = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\\' && i + 1 < value.Length && value[i + 1] is '*' or '?' or '\\')
            {
                literal.Append(value[++i]);
            }
            else if (c is '*' or '?')
            {
                Flush(literal, parts);
                parts.Add(c == '*' ? PatternPart.Star : PatternPart.One);
            }
            else
            {
                literal.Append(c);
            }
        }

        Flush(literal, parts);
        return parts;
    }

    /// <summary>Parts for text taken literally (no wildcards), e.g. after a base64 encoding.</summary>
    public static List<PatternPart> Literal(string value) => value.Length == 0 ? [] : [PatternPart.Literal(value)];

    /// <summary>Adds the <c>*</c> that <c>contains</c>/<c>startswith</c>/<c>endswith</c> imply and merges runs of <c>*</c>.</summary>
    public static List<PatternPart> Anchor(List<PatternPart> parts, bool starBefore, bool starAfter)
    {
        var result = new List<PatternPart>(parts.Count + 2);
        if (starBefore)
        {
            result.Add(PatternPart.Star);
        }

        foreach (PatternPart part in parts)
        {
            if (part.Kind == PatternPartKind.Star && result.Count > 0 && result[^1].Kind == PatternPartKind.Star)
            {
                continue;
            }

            result.Add(part);
        }

        if (starAfter && (result.Count == 0 || result[^1].Kind != PatternPartKind.Star))
        {
            result.Add(PatternPart.Star);
        }

        return result;
    }

    private static void Flush(StringBuilder literal, List<PatternPart> parts)
    {
        if (literal.Length > 0)
        {
            parts.Add(PatternPart.Literal(literal.ToString()));
            literal.Clear();
        }
    }
}
