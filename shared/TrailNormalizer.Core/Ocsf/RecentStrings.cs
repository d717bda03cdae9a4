using System.Runtime.InteropServices;
using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// The strings of short JSON string values read lately on this thread, by their raw UTF-8 bytes: records repeat the same
/// sources, event names, regions, account ids and types, so reading one again returns the string already made instead of
/// a new one. A small direct-mapped table per thread (routers on several threads never share it); a miss overwrites its slot.
/// </summary>
internal static class RecentStrings
{
    /// <summary>Longer values (request ids, long ARNs and user agents) rarely repeat: they are decoded every time.</summary>
    private const int MaxRawBytes = 80;

    private const int Slots = 512;

    [ThreadStatic]
    private static Slot[]? t_slots;

    /// <summary>The value of a string element, or null when it cannot be decoded (invalid UTF-8, a lone surrogate escape).</summary>
    public static string? Get(JsonElement value)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length > MaxRawBytes)
        {
            return Decode(value);
        }

        var hash = new HashCode();
        hash.AddBytes(raw);
        var slot = (t_slots ??= NewSlots())[hash.ToHashCode() & (Slots - 1)];
        if (slot.Value is not null && raw.SequenceEqual(slot.Raw.AsSpan(0, slot.Length)))
        {
            return slot.Value;
        }

        string? decoded = Decode(value);
        if (decoded is not null)
        {
            raw.CopyTo(slot.Raw);
            slot.Length = raw.Length;
            slot.Value = decoded;
        }

        return decoded;
    }

    private static string? Decode(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static Slot[] NewSlots()
    {
        var slots = new Slot[Slots];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = new Slot();
        }

        return slots;
    }

    private sealed class Slot
    {
        public byte[] Raw { get; } = new byte[MaxRawBytes];

        public int Length { get; set; }

        public string? Value { get; set; }
    }
}
