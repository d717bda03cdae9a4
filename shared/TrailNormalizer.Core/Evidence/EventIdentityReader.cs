using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// <see cref="EventIdentity.Of"/> from a stored line in one forward-only pass, without building a document: only the
/// top-level <c>metadata</c> and <c>raw_data</c> members are looked at and everything else is skipped. Reading stops as
/// soon as both have been seen (they come before the event's bulkiest members, and the writer writes each member once);
/// up to there a repeated member counts by its last occurrence, as a parsed document's look-up does. A line with no
/// non-empty string uid, or that is not a JSON object up to where reading stopped (to its end when it has no
/// <c>raw_data</c>), has no identity. Verify's Merkle checks cover every byte of a line whatever this reader reads.
/// </summary>
public static class EventIdentityReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = StoredEventJson.Options.MaxDepth };

    public static EventIdentity? Read(ReadOnlySpan<byte> line)
    {
        byte[] uid = [];
        Span<byte> raw = stackalloc byte[SHA256.HashSizeInBytes];
        int length = Read(line, ref uid, raw);
        return length < 0 ? null : new EventIdentity(Encoding.UTF8.GetString(uid, 0, length), raw.ToArray());
    }

    /// <summary>
    /// The identity without allocating per line: the uid's UTF-8 bytes go to the start of <paramref name="uid"/> (grown when
    /// too small) and the raw record's SHA-256 to <paramref name="rawSha256"/>. Returns the uid's length, or -1 without an identity.
    /// </summary>
    internal static int Read(ReadOnlySpan<byte> line, ref byte[] uid, Span<byte> rawSha256)
    {
        try
        {
            return ReadValid(line, ref uid, rawSha256);
        }
        catch (JsonException)
        {
            return -1; // not an event line; the Merkle checks already covered its bytes
        }
        catch (InvalidOperationException)
        {
            return -1; // a uid or raw_data escaping a lone surrogate has no text to compare
        }
    }

    private static int ReadValid(ReadOnlySpan<byte> line, ref byte[] uid, Span<byte> rawSha256)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(Options));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        int uidLength = -1;
        bool sawMetadata = false, sawRaw = false, rawIsString = false;
        while (!(sawMetadata && sawRaw) && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                sawMetadata = true;
                uidLength = reader.TokenType == JsonTokenType.StartObject ? UidOf(ref reader, ref uid) : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("raw_data"u8))
            {
                if (sawMetadata && StringStart(line, (int)reader.BytesConsumed) is int text and >= 0)
                {
                    // The last member needed: its string is hashed straight from the line and reading stops here.
                    return uidLength > 0 && JsonStringHash.TryHash(line[text..], rawSha256) ? uidLength : -1;
                }

                reader.Read();
                sawRaw = true;
                rawIsString = reader.TokenType == JsonTokenType.String;
                if (rawIsString)
                {
                    Sha256OfString(ref reader, rawSha256);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!(sawMetadata && sawRaw))
        {
            SkipToEnd(ref reader);
        }

        if (uidLength <= 0)
        {
            return -1;
        }

        if (!rawIsString)
        {
            SHA256.HashData(line, rawSha256);
        }

        return uidLength;
    }

    /// <summary>Where the text of the string value after a property name starts (after its opening quote), or -1 when the value is not a string.</summary>
    private static int StringStart(ReadOnlySpan<byte> line, int afterColon)
    {
        int at = afterColon;
        while (at < line.Length && line[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }

        return at < line.Length && line[at] == '"' ? at + 1 : -1;
    }

    /// <summary>The length of the last <c>uid</c> member of the metadata object the reader is at (copied to <paramref name="uid"/>), -1 when it is not a string; leaves the reader at the object's end.</summary>
    private static int UidOf(ref Utf8JsonReader reader, ref byte[] uid)
    {
        int length = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isUid = reader.ValueTextEquals("uid"u8);
            reader.Read();
            if (isUid)
            {
                length = reader.TokenType == JsonTokenType.String ? CopyText(ref reader, ref uid) : -1;
            }

            reader.Skip();
        }

        return length;
    }

    /// <summary>The string's unescaped UTF-8 bytes, which must be valid text (as <see cref="Utf8JsonReader.GetString"/> requires).</summary>
    private static int CopyText(ref Utf8JsonReader reader, ref byte[] text)
    {
        // Unescaping never lengthens a string.
        if (text.Length < reader.ValueSpan.Length)
        {
            text = new byte[Math.Max(reader.ValueSpan.Length, 256)];
        }

        int length = reader.CopyString(text);
        return System.Text.Unicode.Utf8.IsValid(text.AsSpan(0, length)) ? length : throw new InvalidOperationException("uid is not valid UTF-8");
    }

    private static int SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return -1;
    }

    /// <summary>SHA-256 of the string's unescaped UTF-8 bytes, as hashing its decoded text would give.</summary>
    private static void Sha256OfString(ref Utf8JsonReader reader, Span<byte> destination)
    {
        if (!reader.ValueIsEscaped)
        {
            SHA256.HashData(reader.ValueSpan, destination);
            return;
        }

        // Unescaping never lengthens a string.
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            int length = reader.CopyString(buffer);
            SHA256.HashData(buffer.AsSpan(0, length), destination);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the rest of the line, so invalid JSON anywhere in it throws as a full parse would.</summary>
    private static void SkipToEnd(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
        }
    }
}
