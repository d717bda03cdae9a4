using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// A keyword (value-only) search: holds when any string, number or boolean value anywhere in the record (property
/// names are not searched) passes any test, or with <c>|all</c> when every test is passed by some value. A plain
/// keyword is compiled as <c>|contains</c> (full-text search).
/// </summary>
internal sealed class KeywordNode(IValueTest[] tests, bool all) : IMatchNode
{
    // Plain keyword lists (the usual case) decode each value once and try every pattern on it.
    private readonly TextMatcher[]? _patterns = !all && tests.All(t => t is PatternTest)
        ? tests.Cast<PatternTest>().Select(t => t.Matcher).ToArray()
        : null;

    public bool Matches(JsonElement record)
    {
        if (_patterns is not null)
        {
            return AnyText(record, _patterns);
        }

        foreach (IValueTest test in tests)
        {
            if (AnyLeaf(record, test, record) != all)
            {
                return !all;
            }
        }

        return all;
    }

    private static bool AnyText(JsonElement element, TextMatcher[] patterns)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (AnyText(property.Value, patterns))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (AnyText(item, patterns))
                    {
                        return true;
                    }
                }

                return false;
            default:
                if (!LeafText.TryGet(element, out ReadOnlySpan<char> text))
                {
                    return false;
                }

                foreach (TextMatcher pattern in patterns)
                {
                    if (pattern.IsMatch(text))
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    private static bool AnyLeaf(JsonElement element, IValueTest test, JsonElement record)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (AnyLeaf(property.Value, test, record))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    if (AnyLeaf(item, test, record))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return false;
            default:
                return test.Matches(element, record);
        }
    }
}
