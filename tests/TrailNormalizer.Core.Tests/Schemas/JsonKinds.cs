using System.Text.Json;

namespace TrailNormalizer.Core.Tests.Schemas;

/// <summary>JSON Schema type names of JSON values, and number comparison, for <see cref="SchemaEvaluator"/>.</summary>
internal static class JsonKinds
{
    /// <summary>True when <paramref name="value"/> is of JSON Schema type <paramref name="type"/>. An integer is a
    /// number written without fraction or exponent, as OCSF's integer_t/long_t (so <c>1.0</c> is not one).</summary>
    public static bool Matches(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && IsIntegerLiteral(value.GetRawText()),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => throw new InvalidDataException($"unknown JSON Schema type '{type}'"),
    };

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => IsIntegerLiteral(value.GetRawText()) ? "integer" : "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    /// <summary>Compares two JSON numbers exactly when both fit a decimal, else as doubles.</summary>
    public static int CompareNumbers(JsonElement left, JsonElement right) =>
        left.TryGetDecimal(out var l) && right.TryGetDecimal(out var r)
            ? l.CompareTo(r)
            : left.GetDouble().CompareTo(right.GetDouble());

    private static bool IsIntegerLiteral(string raw) => raw.AsSpan().IndexOfAny(".eE") < 0;
}
