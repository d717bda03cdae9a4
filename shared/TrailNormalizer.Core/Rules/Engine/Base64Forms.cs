using System.Text;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>Base64 forms of a value for <c>|base64</c> and <c>|base64offset</c> (UTF-8 bytes of the value).</summary>
internal static class Base64Forms
{
    public static string Plain(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    /// <summary>
    /// The three forms the value takes when it starts at byte offset 0, 1 or 2 of a longer base64-encoded text:
    /// the characters that depend only on the value (those touched by neighbouring bytes are cut off).
    /// </summary>
    public static string[] Offsets(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        int[] start = [0, 2, 3];
        int[] endCut = [0, 3, 2];
        var forms = new string[3];
        for (int i = 0; i < 3; i++)
        {
            var padded = new byte[bytes.Length + i];
            bytes.CopyTo(padded, i);
            string encoded = Convert.ToBase64String(padded);
            int cut = endCut[(bytes.Length + i) % 3];
            int end = encoded.Length - cut;
            forms[i] = end > start[i] ? encoded[start[i]..end] : string.Empty;
        }

        return forms;
    }
}
