using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// Tolerant reads from source records, which may lack any field or hold the wrong type: null, never an exception.
/// Three variants, named for how they match the key: exact (here), <c>…AnyCase</c> (Azure exporters differ in key
/// case) and <c>…TrimmedKey</c> (Event Grid publishers' samples also carry stray spaces in keys and values).
/// </summary>
internal static partial class SourceJson
{
    /// <summary>
    /// The string value of a property, or null when absent, null, not a string, or not decodable (invalid UTF-8
    /// or a lone surrogate escape: such a record is quarantined when its raw data is written, see <see cref="RawData"/>).
    /// </summary>
    public static string? Str(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.SafeString()
            : null;

    /// <summary>
    /// The value of a string element, or null when it cannot be decoded (see <see cref="Str(JsonElement, string)"/>); short values repeated across
    /// records come back as the same string instance (<see cref="RecentStrings"/>).
    /// </summary>
    public static string? SafeString(this JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? RecentStrings.Get(value) : null;

    /// <summary>A non-empty string value, or null.</summary>
    public static string? NonEmpty(this JsonElement obj, string name) => obj.Str(name) is { Length: > 0 } s ? s : null;

    /// <summary>The object value of a property, or null when absent or not an object.</summary>
    public static JsonElement? Obj(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : null;

    /// <summary>The value of a property unless it is absent or JSON null.</summary>
    public static JsonElement? Present(this JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v
            : null;

    /// <summary>A boolean that may be written as true/false or "true"/"false".</summary>
    public static bool? Bool(this JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        return BoolValue(v);
    }

    private static bool? BoolValue(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(v.SafeString(), out bool b) => b,
        _ => null,
    };

    /// <summary><see cref="Str(JsonElement, string)"/> by the property's UTF-8 name (a <c>u8</c> literal): no name to transcode per look-up.</summary>
    public static string? Str(this JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.SafeString()
            : null;

    /// <summary><see cref="NonEmpty(JsonElement, string)"/> by the property's UTF-8 name.</summary>
    public static string? NonEmpty(this JsonElement obj, ReadOnlySpan<byte> name) => obj.Str(name) is { Length: > 0 } s ? s : null;

    /// <summary>True when <see cref="NonEmpty(JsonElement, ReadOnlySpan{byte})"/> would return a value, without making its string.</summary>
    public static bool HasText(this JsonElement obj, ReadOnlySpan<byte> name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String || v.ValueEquals(""u8))
        {
            return false;
        }

        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(v);
        return (!raw.Contains((byte)'\\') && Utf8.IsValid(raw)) || v.SafeString() is not null;
    }

    /// <summary>The string element <see cref="NonEmpty(JsonElement, ReadOnlySpan{byte})"/> would decode, for writing it as it is.</summary>
    public static JsonElement? TextElement(this JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.HasText(name) ? obj.GetProperty(name) : null;

    /// <summary><see cref="Obj(JsonElement, string)"/> by the property's UTF-8 name.</summary>
    public static JsonElement? Obj(this JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : null;

    /// <summary><see cref="Present(JsonElement, string)"/> by the property's UTF-8 name.</summary>
    public static JsonElement? Present(this JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v
            : null;

    /// <summary><see cref="Bool(JsonElement, string)"/> by the property's UTF-8 name.</summary>
    public static bool? Bool(this JsonElement obj, ReadOnlySpan<byte> name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? BoolValue(v) : null;

    /// <summary>A string or scalar value as text (numbers keep their JSON spelling).</summary>
    public static string? Text(this JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.SafeString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        };
    }
}
