using System.Text;
using System.Text.RegularExpressions;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// A precompiled wildcard pattern. Common shapes (<c>abc</c>, <c>abc*</c>, <c>*abc</c>, <c>*abc*</c>, <c>*</c>) use span
/// comparisons; anything else a non-backtracking <see cref="Regex"/> with a match timeout. Case-insensitive
/// (ordinal) unless cased.
/// </summary>
internal sealed class TextMatcher
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private readonly Shape _shape;
    private readonly string _literal;
    private readonly StringComparison _comparison;
    private readonly Regex? _regex;

    public TextMatcher(List<PatternPart> parts, bool cased)
    {
        _comparison = cased ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        _literal = string.Empty;
        bool Lit(int i) => parts[i].Kind == PatternPartKind.Literal;
        bool Star(int i) => parts[i].Kind == PatternPartKind.Star;
        switch (parts.Count)
        {
            case 0:
                _shape = Shape.Exact;
                return;
            case 1 when Lit(0):
                (_shape, _literal) = (Shape.Exact, parts[0].Text);
                return;
            case 1 when Star(0):
                _shape = Shape.Any;
                return;
            case 2 when Lit(0) && Star(1):
                (_shape, _literal) = (Shape.StartsWith, parts[0].Text);
                return;
            case 2 when Star(0) && Lit(1):
                (_shape, _literal) = (Shape.EndsWith, parts[1].Text);
                return;
            case 3 when Star(0) && Lit(1) && Star(2):
                (_shape, _literal) = (Shape.Contains, parts[1].Text);
                return;
        }

        _shape = Shape.Regex;
        var pattern = new StringBuilder("^");
        foreach (PatternPart part in parts)
        {
            pattern.Append(part.Kind switch
            {
                PatternPartKind.Star => ".*",
                PatternPartKind.One => ".",
                _ => Regex.Escape(part.Text),
            });
        }

        pattern.Append('$');
        RegexOptions options = RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        _regex = new Regex(pattern.ToString(), cased ? options : options | RegexOptions.IgnoreCase, Timeout);
    }

    private enum Shape
    {
        Exact,
        Any,
        StartsWith,
        EndsWith,
        Contains,
        Regex,
    }

    /// <summary>The literal an exact pattern requires, or null when the pattern has wildcards (used by the rule index).</summary>
    public string? ExactLiteral => _shape == Shape.Exact ? _literal : null;

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        switch (_shape)
        {
            case Shape.Exact:
                return text.Equals(_literal, _comparison);
            case Shape.Any:
                return true;
            case Shape.StartsWith:
                return text.StartsWith(_literal, _comparison);
            case Shape.EndsWith:
                return text.EndsWith(_literal, _comparison);
            case Shape.Contains:
                return text.Contains(_literal, _comparison);
            default:
                try
                {
                    return _regex!.IsMatch(text);
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }
        }
    }
}
