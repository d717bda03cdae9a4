using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// Reads from Event Grid <c>data</c>: publishers differ in key case and published samples carry stray spaces
/// (Key Vault's <c>"ObjectName "</c>, <c>" ee05…"</c>), so keys match trimmed and case-insensitively and values are trimmed.
/// </summary>
internal static partial class SourceJson
{
    /// <summary>The value named <paramref name="name"/> (JSON null included): exact key first, then a trimmed, case-insensitive match.</summary>
    public static JsonElement? GetTrimmedKey(JsonElement? data, string name)
    {
        if (data is not { ValueKind: JsonValueKind.Object } d)
        {
            return null;
        }

        if (d.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in d.EnumerateObject())
        {
            if (property.Name.Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>A string or scalar value as trimmed text (<see cref="TrimmedText"/>) under a trimmed, case-insensitive key.</summary>
    public static string? TextTrimmedKey(JsonElement? data, string name) => GetTrimmedKey(data, name) is { } v ? TrimmedText(v) : null;

    /// <summary>An object value under a trimmed, case-insensitive key; null when absent or not an object.</summary>
    public static JsonElement? ObjTrimmedKey(JsonElement? data, string name) =>
        GetTrimmedKey(data, name) is { ValueKind: JsonValueKind.Object } v ? v : null;

    /// <summary>A scalar as trimmed text; null for null, empty, objects and arrays.</summary>
    public static string? TrimmedText(JsonElement value)
    {
        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()?.Trim(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>True when the key, trimmed, is in <paramref name="names"/>.</summary>
    public static bool TrimmedKeyIsOneOf(string propertyName, IReadOnlySet<string> names) => names.Contains(propertyName.Trim());
}
