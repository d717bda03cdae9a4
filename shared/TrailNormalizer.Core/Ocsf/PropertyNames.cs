using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// Case-insensitive (ordinal) tests of a <see cref="JsonProperty"/>'s name against ASCII text, on its raw UTF-8 bytes, so no
/// string is made per property; a name written with escapes or holding non-ASCII letters is decoded and compared as text.
/// </summary>
internal static class PropertyNames
{
    public static bool EqualsIgnoreCase(JsonProperty property, string ascii)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return IsPlainAscii(raw)
            ? raw.Length == ascii.Length && Ascii.EqualsIgnoreCase(raw, ascii)
            : property.Name.Equals(ascii, StringComparison.OrdinalIgnoreCase);
    }

    public static bool EndsWithIgnoreCase(JsonProperty property, string ascii)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return IsPlainAscii(raw)
            ? raw.Length >= ascii.Length && Ascii.EqualsIgnoreCase(raw[^ascii.Length..], ascii)
            : property.Name.EndsWith(ascii, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsPlainAscii(ReadOnlySpan<byte> raw) => Ascii.IsValid(raw) && !raw.Contains((byte)'\\');
}
