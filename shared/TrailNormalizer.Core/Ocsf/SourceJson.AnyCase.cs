using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// Case-insensitive reads: the same field arrives as <c>correlationId</c>, <c>correlationid</c> or
/// <c>CorrelationId</c> depending on the exporter. The exact spelling is tried first.
/// </summary>
internal static partial class SourceJson
{
    /// <summary>The property's value whatever its case, unless absent or JSON null.</summary>
    public static JsonElement? GetAnyCase(this JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (obj.TryGetProperty(name, out var exact))
        {
            return exact.ValueKind == JsonValueKind.Null ? null : exact;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value.ValueKind == JsonValueKind.Null ? null : property.Value;
            }
        }

        return null;
    }

    /// <summary>True when the property is present under any case (even as JSON null).</summary>
    public static bool HasAnyCase(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object
        && (obj.TryGetProperty(name, out _) || obj.EnumerateObject().Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// A non-empty text value whatever the key's case: a string, a number or boolean in its JSON spelling, or the
    /// <c>value</c> of the REST API's <c>{"value":…,"localizedValue":…}</c> objects (<see cref="ValueText"/>). Null otherwise.
    /// </summary>
    public static string? TextAnyCase(this JsonElement obj, string name) => GetAnyCase(obj, name) is { } v ? ValueText(v) : null;

    /// <summary>The object value of a property, whatever its case; null when absent or not an object.</summary>
    public static JsonElement? ObjAnyCase(this JsonElement obj, string name) =>
        GetAnyCase(obj, name) is { ValueKind: JsonValueKind.Object } v ? v : null;

    /// <summary>The object value of a property (any case), also when it arrives as a JSON-encoded string (parsed into a document the caller disposes).</summary>
    public static JsonElement? ObjOrEncodedAnyCase(this JsonElement obj, string name, List<JsonDocument> owned)
    {
        var v = GetAnyCase(obj, name);
        if (v is { ValueKind: JsonValueKind.Object })
        {
            return v;
        }

        if (v is { ValueKind: JsonValueKind.String } s && s.GetString() is { } text && text.TrimStart().StartsWith('{'))
        {
            try
            {
                var document = JsonDocument.Parse(text);
                owned.Add(document);
                return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The object or array value of a property (any case), also when it arrives as JSON-encoded text, as Log Analytics stores
    /// dynamic columns (parsed into a document the caller disposes); null when absent, a scalar, or text that is not JSON.
    /// </summary>
    public static JsonElement? ObjOrArrayOrEncodedAnyCase(this JsonElement obj, string name, List<JsonDocument> owned)
    {
        var v = GetAnyCase(obj, name);
        if (v is { ValueKind: JsonValueKind.Object or JsonValueKind.Array })
        {
            return v;
        }

        if (v is { ValueKind: JsonValueKind.String } s && s.GetString() is { } text && text.TrimStart() is ['{' or '[', ..])
        {
            try
            {
                var document = JsonDocument.Parse(text);
                owned.Add(document);
                return document.RootElement;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>Text of a scalar or of a <c>{"value":…}</c> object (key any case); empty strings count as absent.</summary>
    public static string? ValueText(JsonElement v)
    {
        string? text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            JsonValueKind.Object => TextAnyCase(v, "value"),
            _ => null,
        };
        return string.IsNullOrEmpty(text) ? null : text;
    }
}
