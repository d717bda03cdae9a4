using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// <see cref="EventIdentity.Of"/> from a stored line in one forward-only pass, without building a document: only the
/// top-level <c>metadata</c> and <c>raw_data</c> members are looked at and everything else is skipped. It answers what
/// <see cref="EventIdentity.Of"/> answers for the parsed line: null for a line that is not one valid JSON object (the
/// whole line is still read, so a broken line is never identified), or has no non-empty string uid; a repeated member
/// counts by its last occurrence, as a parsed document's look-up does.
/// </summary>
public static class EventIdentityReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = StoredEventJson.Options.MaxDepth };

    public static EventIdentity? Read(ReadOnlySpan<byte> line)
    {
        try
        {
            return ReadValid(line);
        }
        catch (JsonException)
        {
            return null; // not an event line; the Merkle checks already covered its bytes
        }
        catch (InvalidOperationException)
        {
            return null; // a uid or raw_data escaping a lone surrogate has no text to compare
        }
    }

    private static EventIdentity? ReadValid(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, isFinalBlock: true, new JsonReaderState(Options));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? uid = null;
        byte[]? rawSha256 = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                uid = reader.TokenType == JsonTokenType.StartObject ? UidOf(ref reader) : SkipValue(ref reader);
            }
            else if (reader.ValueTextEquals("raw_data"u8))
            {
                reader.Read();
                rawSha256 = reader.TokenType == JsonTokenType.String ? Sha256OfString(ref reader) : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        SkipToEnd(ref reader);
        return uid is { Length: > 0 } ? new EventIdentity(uid, rawSha256 ?? SHA256.HashData(line)) : null;
    }

    /// <summary>The last <c>uid</c> member of the metadata object the reader is at, when it is a string; leaves the reader at the object's end.</summary>
    private static string? UidOf(ref Utf8JsonReader reader)
    {
        string? uid = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isUid = reader.ValueTextEquals("uid"u8);
            reader.Read();
            if (isUid)
            {
                uid = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            reader.Skip();
        }

        return uid;
    }

    private static string? SkipValue(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }

    /// <summary>SHA-256 of the string's unescaped UTF-8 bytes, as hashing its decoded text would give.</summary>
    private static byte[] Sha256OfString(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return SHA256.HashData(reader.ValueSpan);
        }

        // Unescaping never lengthens a string.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            int length = reader.CopyString(buffer);
            return SHA256.HashData(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
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
