using System.Text.Json;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Tolerant reads from event <c>data</c>: publishers differ in key case and published samples carry stray
/// spaces (Key Vault's <c>"ObjectName "</c>, <c>" ee05…"</c>), so keys match trimmed and case-insensitively
/// and values are trimmed.
/// </summary>
public static class EventGridData
{
    /// <summary>The value named <paramref name="name"/>: exact key first, then a trimmed, case-insensitive match.</summary>
    public static JsonElement? Get(JsonElement? data, string name)
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

    /// <summary>A string or scalar value as trimmed text; null when absent, JSON null, empty or structured.</summary>
    public static string? Text(JsonElement? data, string name) => Get(data, name) is { } v ? AsText(v) : null;

    /// <summary>An object value; null when absent or not an object.</summary>
    public static JsonElement? Obj(JsonElement? data, string name) => Get(data, name) is { ValueKind: JsonValueKind.Object } v ? v : null;

    /// <summary>A scalar as trimmed text; null for null, empty, objects and arrays.</summary>
    public static string? AsText(JsonElement value)
    {
        string? text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()?.Trim(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }

    /// <summary>True when <paramref name="propertyName"/> (trimmed, case-insensitive) is in <paramref name="names"/>.</summary>
    public static bool IsOneOf(string propertyName, IReadOnlySet<string> names) => names.Contains(propertyName.Trim());
}
