using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary><c>|exists: true</c> holds when the path reaches any value (JSON null included); <c>false</c> when it reaches none.</summary>
internal sealed class ExistsTest(bool exists) : IValueTest
{
    public bool MatchesAbsent => !exists;

    public bool Matches(JsonElement leaf, JsonElement record) => exists;
}

/// <summary>A <c>null</c> value: the field is absent or JSON null.</summary>
internal sealed class NullTest : IValueTest
{
    public static readonly NullTest Instance = new();

    public bool MatchesAbsent => true;

    public bool Matches(JsonElement leaf, JsonElement record) => leaf.ValueKind == JsonValueKind.Null;
}
