using System.Text.RegularExpressions;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// A recursive-descent parser for Sigma conditions over compiled search identifiers. Precedence: <c>not</c> binds
/// tighter than <c>and</c>, which binds tighter than <c>or</c>; parentheses group. <c>1 of x*</c> / <c>any of x*</c>
/// is the OR and <c>all of x*</c> the AND of the identifiers the pattern names; <c>them</c> names every identifier
/// not starting with <c>_</c>. Aggregations (<c>| count() …</c>) and <c>near</c> are rejected.
/// </summary>
internal sealed class ConditionParser
{
    private readonly IReadOnlyDictionary<string, IMatchNode> _identifiers;
    private readonly List<string> _tokens;
    private int _position;

    private ConditionParser(string condition, IReadOnlyDictionary<string, IMatchNode> identifiers)
    {
        _identifiers = identifiers;
        _tokens = Tokenize(condition);
    }

    /// <summary>Parses a condition; throws <see cref="FormatException"/> with a message naming the problem.</summary>
    public static IMatchNode Parse(string condition, IReadOnlyDictionary<string, IMatchNode> identifiers)
    {
        var parser = new ConditionParser(condition, identifiers);
        if (parser._tokens.Count == 0)
        {
            throw new FormatException("the condition is empty");
        }

        IMatchNode result = parser.ParseOr();
        if (parser._position < parser._tokens.Count)
        {
            throw new FormatException($"unexpected '{parser._tokens[parser._position]}' in condition '{condition}'");
        }

        return result;
    }

    private static List<string> Tokenize(string condition)
    {
        if (condition.Contains('|', StringComparison.Ordinal))
        {
            throw new FormatException("aggregation expressions ('| count() ...') are not supported; use a correlation-free condition");
        }

        var tokens = new List<string>();
        int i = 0;
        while (i < condition.Length)
        {
            char c = condition[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else
            {
                int start = i;
                while (i < condition.Length && !char.IsWhiteSpace(condition[i]) && condition[i] is not '(' and not ')')
                {
                    i++;
                }

                tokens.Add(condition[start..i]);
            }
        }

        return tokens;
    }

    private string? Peek => _position < _tokens.Count ? _tokens[_position] : null;

    private bool Accept(string word)
    {
        if (Peek is string token && token.Equals(word, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }

        return false;
    }

    private string Next(string expected) =>
        _position < _tokens.Count ? _tokens[_position++] : throw new FormatException($"the condition ends where {expected} was expected");

    private IMatchNode ParseOr()
    {
        var children = new List<IMatchNode> { ParseAnd() };
        while (Accept("or"))
        {
            children.Add(ParseAnd());
        }

        return children.Count == 1 ? children[0] : new OrNode([.. children]);
    }

    private IMatchNode ParseAnd()
    {
        var children = new List<IMatchNode> { ParseNot() };
        while (Accept("and"))
        {
            children.Add(ParseNot());
        }

        return children.Count == 1 ? children[0] : new AndNode([.. children]);
    }

    private IMatchNode ParseNot() => Accept("not") ? new NotNode(ParseNot()) : ParsePrimary();

    private IMatchNode ParsePrimary()
    {
        string token = Next("a search identifier");
        if (token == "(")
        {
            IMatchNode inner = ParseOr();
            if (Next("')'") != ")")
            {
                throw new FormatException("missing ')' in condition");
            }

            return inner;
        }

        if (token is ")" || IsKeyword(token))
        {
            throw new FormatException($"unexpected '{token}' in condition");
        }

        bool any = token is "1" || token.Equals("any", StringComparison.OrdinalIgnoreCase);
        bool all = token.Equals("all", StringComparison.OrdinalIgnoreCase);
        if ((any || all) && Accept("of"))
        {
            return Quantified(Next("a search identifier pattern or 'them'"), all);
        }

        if (token.Contains('*', StringComparison.Ordinal))
        {
            throw new FormatException($"a wildcard identifier '{token}' needs '1 of' or 'all of'");
        }

        return _identifiers.TryGetValue(token, out IMatchNode? node)
            ? node
            : throw new FormatException($"the condition names '{token}', which is not a search identifier of the detection");
    }

    private IMatchNode Quantified(string pattern, bool all)
    {
        List<IMatchNode> matched;
        if (pattern.Equals("them", StringComparison.OrdinalIgnoreCase))
        {
            matched = _identifiers.Where(p => !p.Key.StartsWith('_')).Select(p => p.Value).ToList();
        }
        else
        {
            var regex = new Regex(
                "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
                RegexOptions.CultureInvariant,
                RegexTest.Timeout);
            matched = _identifiers.Where(p => regex.IsMatch(p.Key)).Select(p => p.Value).ToList();
        }

        if (matched.Count == 0)
        {
            throw new FormatException($"'{pattern}' names no search identifier of the detection");
        }

        if (matched.Count == 1)
        {
            return matched[0];
        }

        return all ? new AndNode([.. matched]) : new OrNode([.. matched]);
    }

    private static bool IsKeyword(string token) =>
        token.Equals("and", StringComparison.OrdinalIgnoreCase)
        || token.Equals("or", StringComparison.OrdinalIgnoreCase)
        || token.Equals("of", StringComparison.OrdinalIgnoreCase)
        || token.Equals("near", StringComparison.OrdinalIgnoreCase);
}
