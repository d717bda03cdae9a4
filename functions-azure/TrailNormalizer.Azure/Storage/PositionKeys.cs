using System.Globalization;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Storage;

/// <summary>
/// Positions kept as create-only objects named by a 20-digit number in one folder (<c>&lt;folder&gt;&lt;position&gt;.json</c>):
/// each step writes a new key, so the highest key is the position and two writers racing to the same step cannot overwrite
/// each other or move it back. Used by the log-blob cursors and the forwarding cursors.
/// </summary>
public static class PositionKeys
{
    private const string Suffix = ".json";
    private const int Digits = 20;

    public static string KeyFor(string folder, long position) =>
        folder + position.ToString(CultureInfo.InvariantCulture).PadLeft(Digits, '0') + Suffix;

    /// <summary>The highest position key in <paramref name="folder"/>, or null when there is none.</summary>
    public static string? Latest(IEvidenceStore store, string folder) => store.List(folder).LastOrDefault(IsPositionKey);

    /// <summary>The position a key written by <see cref="KeyFor"/> names.</summary>
    public static long PositionOf(string key) =>
        long.Parse(key.AsSpan(key.Length - Suffix.Length - Digits, Digits), NumberStyles.None, CultureInfo.InvariantCulture);

    // Only names KeyFor writes count: anything else in the folder cannot move the position.
    private static bool IsPositionKey(string key)
    {
        int name = key.LastIndexOf('/') + 1;
        return key.Length - name == Digits + Suffix.Length && key.EndsWith(Suffix, StringComparison.Ordinal)
            && key.AsSpan(name, Digits).IndexOfAnyExceptInRange('0', '9') < 0;
    }
}
