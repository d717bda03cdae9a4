using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>
/// A dotted field path (<c>userIdentity.type</c>) resolved against a JSON record. At each object every literal key made
/// of the next segments joined with dots is followed (so a key <c>"properties.eventCategory"</c> is found as written as
/// well as a nested <c>properties</c> / <c>eventCategory</c>); arrays are entered element-wise at any step, including the last.
/// Property names are compared exactly (case-sensitive).
/// </summary>
internal sealed class FieldPath
{
    // _keys[i][k - i - 1] = UTF-8 of segments i..k-1 joined with '.', longest first when iterated backwards.
    private readonly byte[][][] _keys;

    public FieldPath(string path)
    {
        Path = path;
        string[] segments = path.Split('.');
        _keys = new byte[segments.Length][][];
        for (int i = 0; i < segments.Length; i++)
        {
            _keys[i] = new byte[segments.Length - i][];
            for (int k = i + 1; k <= segments.Length; k++)
            {
                string key = string.Join('.', segments[i..k]);
                byte[] utf8 = Encoding.UTF8.GetBytes(key);
                _keys[i][k - i - 1] = i == 0 ? RecordLookups.Intern(key, utf8) : utf8;
            }
        }
    }

    public string Path { get; }

    public int SegmentCount => _keys.Length;

    /// <summary>Whether the test holds for any leaf reached, or, when none is reached, whether it matches absence.</summary>
    public bool Test(JsonElement record, IValueTest test)
    {
        bool reached = false;
        return Visit(record, 0, test, record, ref reached) || (!reached && test.MatchesAbsent);
    }

    /// <summary>Adds every leaf the path reaches (arrays expanded) to <paramref name="leaves"/>.</summary>
    public void Collect(JsonElement record, List<JsonElement> leaves) => Collect(record, 0, leaves);

    private bool Visit(JsonElement current, int i, IValueTest test, JsonElement record, ref bool reached)
    {
        if (current.ValueKind == JsonValueKind.Array)
        {
            if (i == _keys.Length)
            {
                reached = true;
            }

            foreach (JsonElement item in current.EnumerateArray())
            {
                if (Visit(item, i, test, record, ref reached))
                {
                    return true;
                }
            }

            return false;
        }

        if (i == _keys.Length)
        {
            reached = true;
            return test.Matches(current, record);
        }

        if (current.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        // Every split is followed and the test is an any-of, so the order only decides how soon a match stops the
        // search: the plain segment first, as dotted keys are rare.
        byte[][] keys = _keys[i];
        for (int n = 0; n < keys.Length; n++)
        {
            if (Member(current, i, keys[n], out JsonElement child) && Visit(child, i + n + 1, test, record, ref reached))
            {
                return true;
            }
        }

        return false;
    }

    private void Collect(JsonElement current, int i, List<JsonElement> leaves)
    {
        if (current.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in current.EnumerateArray())
            {
                Collect(item, i, leaves);
            }

            return;
        }

        if (i == _keys.Length)
        {
            leaves.Add(current);
            return;
        }

        if (current.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        byte[][] keys = _keys[i];
        for (int n = keys.Length - 1; n >= 0; n--)
        {
            if (Member(current, i, keys[n], out JsonElement child))
            {
                Collect(child, i + n + 1, leaves);
            }
        }
    }

    /// <summary>A member of the object reached at segment <paramref name="i"/>; at the record itself (segment 0) through <see cref="RecordLookups"/>.</summary>
    private static bool Member(JsonElement current, int i, byte[] key, out JsonElement child) =>
        i == 0 ? RecordLookups.TryGetMember(current, key, out child) : current.TryGetProperty(key, out child);
}
