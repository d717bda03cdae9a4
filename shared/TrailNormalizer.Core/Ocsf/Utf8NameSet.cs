using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// A fixed set of property names matched against a <see cref="JsonProperty"/>'s raw UTF-8 name, so deciding whether a
/// source field is mapped costs no string per property. A name written with escapes is decoded and matched as text.
/// </summary>
internal sealed class Utf8NameSet
{
    private readonly byte[][] _names;
    private readonly HashSet<string> _text;

    public Utf8NameSet(params string[] names)
    {
        _names = [.. names.Select(Encoding.UTF8.GetBytes)];
        _text = new HashSet<string>(names, StringComparer.Ordinal);
    }

    public bool Contains(JsonProperty property)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (raw.Contains((byte)'\\'))
        {
            return _text.Contains(property.Name);
        }

        foreach (byte[] name in _names)
        {
            if (raw.SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }
}
