using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// The record's top-level members already looked up while one record is evaluated on this thread: the rules and index
/// fields of a record name the same few members (<c>eventName</c>, <c>userIdentity</c>, …), and each look-up by name
/// scans the record's members. Keys are compared by reference, so only keys from <see cref="Intern"/> are remembered.
/// </summary>
internal sealed class RecordLookups
{
    private const int Capacity = 32;

    private static readonly Dictionary<string, byte[]> Interned = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static RecordLookups? t_lookups;

    private readonly byte[]?[] _keys = new byte[Capacity][];
    private readonly JsonElement[] _values = new JsonElement[Capacity];
    private readonly bool[] _found = new bool[Capacity];
    private int _count;
    private bool _active;

    /// <summary>The one UTF-8 array for a top-level key, shared by every field path that names it.</summary>
    public static byte[] Intern(string key, byte[] utf8)
    {
        lock (Interned)
        {
            return Interned.TryAdd(key, utf8) ? utf8 : Interned[key];
        }
    }

    /// <summary>
    /// Starts remembering look-ups on the object record about to be evaluated (segment 0 of every path is then that
    /// record); <see cref="End"/> forgets them.
    /// </summary>
    public static RecordLookups Begin()
    {
        var lookups = t_lookups ??= new RecordLookups();
        lookups._count = 0;
        lookups._active = true;
        return lookups;
    }

    public void End()
    {
        Array.Clear(_values, 0, _count); // hold no element of a document that is about to be disposed
        _count = 0;
        _active = false;
    }

    /// <summary>A top-level member of the record being evaluated (any record when none is: then it is not remembered).</summary>
    public static bool TryGetMember(JsonElement record, byte[] key, out JsonElement value)
    {
        var lookups = t_lookups;
        if (lookups is not { _active: true })
        {
            return record.TryGetProperty(key, out value);
        }

        for (int i = 0; i < lookups._count; i++)
        {
            if (ReferenceEquals(lookups._keys[i], key))
            {
                value = lookups._values[i];
                return lookups._found[i];
            }
        }

        bool found = record.TryGetProperty(key, out value);
        if (lookups._count < Capacity)
        {
            (lookups._keys[lookups._count], lookups._values[lookups._count], lookups._found[lookups._count]) = (key, value, found);
            lookups._count++;
        }

        return found;
    }
}
