using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// <c>|fieldref</c>: the leaf equals (or, with <c>contains</c>/<c>startswith</c>/<c>endswith</c>, contains, starts or
/// ends with) any value of another field of the same record; case-insensitive unless <c>cased</c>.
/// </summary>
internal sealed class FieldRefTest(FieldPath other, FieldRefMode mode, bool cased) : IValueTest
{
    private readonly StringComparison _comparison = cased ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    public FieldPath Other { get; } = other;

    public bool MatchesAbsent => false;

    public bool Matches(JsonElement leaf, JsonElement record)
    {
        string? text = LeafText.GetString(leaf);
        if (text is null)
        {
            return false;
        }

        var others = new List<JsonElement>();
        Other.Collect(record, others);
        foreach (JsonElement element in others)
        {
            string? value = LeafText.GetString(element);
            if (value is not null && mode switch
            {
                FieldRefMode.Contains => text.Contains(value, _comparison),
                FieldRefMode.StartsWith => text.StartsWith(value, _comparison),
                FieldRefMode.EndsWith => text.EndsWith(value, _comparison),
                _ => text.Equals(value, _comparison),
            })
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>How a <c>fieldref</c> value is compared.</summary>
internal enum FieldRefMode
{
    Equals,
    Contains,
    StartsWith,
    EndsWith,
}
