using System.Globalization;
using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary><c>|gt</c>, <c>|gte</c>, <c>|lt</c>, <c>|lte</c>: the leaf (a number, or a string holding one) against a number.</summary>
internal sealed class NumericTest(NumericComparison comparison, double bound) : IValueTest
{
    public bool MatchesAbsent => false;

    public bool Matches(JsonElement leaf, JsonElement record)
    {
        double value;
        if (leaf.ValueKind == JsonValueKind.Number)
        {
            if (!leaf.TryGetDouble(out value))
            {
                return false;
            }
        }
        else if (leaf.ValueKind != JsonValueKind.String
            || !LeafText.TryGet(leaf, out ReadOnlySpan<char> text)
            || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        return comparison switch
        {
            NumericComparison.Greater => value > bound,
            NumericComparison.GreaterOrEqual => value >= bound,
            NumericComparison.Less => value < bound,
            _ => value <= bound,
        };
    }
}

/// <summary>Which numeric comparison a modifier asks for.</summary>
internal enum NumericComparison
{
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}
