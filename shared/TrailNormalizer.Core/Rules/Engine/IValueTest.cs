using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>One compiled value of a field condition, tested against each leaf the field path reaches.</summary>
internal interface IValueTest
{
    /// <summary>Whether the test holds when the field path reaches no value at all.</summary>
    bool MatchesAbsent { get; }

    /// <summary>Tests one leaf (never an array: arrays are expanded element-wise). <paramref name="record"/> is the whole record.</summary>
    bool Matches(JsonElement leaf, JsonElement record);
}
