using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// <see cref="EventIdentity.Of"/> from a stored line without building a document. The top-level <c>metadata</c> and
/// <c>raw_data</c> members are found by the line's structure alone (<see cref="TopLevelMembers"/>) and only they are read
/// as JSON; a line whose structure is unexpected is read by a forward-only <see cref="Utf8JsonReader"/> pass instead.
/// It answers what <see cref="EventIdentity.Of"/> answers for the parsed line (null without a non-empty string uid; a
/// repeated member counts by its last occurrence), with one difference: on the structural path, bad JSON inside the
/// other members goes unnoticed and the line keeps its identity (the batch's Merkle root covers those bytes anyway).
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
        return TopLevelMembers.TryFind(line, "metadata"u8, "raw_data"u8, out var metadata, out var rawData)
            ? FromMembers(line, metadata, rawData)
            : ReadAll(line);
    }

    private static EventIdentity? FromMembers(ReadOnlySpan<byte> line, ReadOnlySpan<byte> metadata, ReadOnlySpan<byte> rawData)
    {
        if (metadata.IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(metadata, isFinalBlock: true, new JsonReaderState(Options));
        reader.Read();
        string? uid = reader.TokenType == JsonTokenType.StartObject ? UidOf(ref reader) : null;
        if (uid is not { Length: > 0 })
        {
            return null;
        }

        if (rawData.IsEmpty || rawData[0] != '"')
        {
            return new EventIdentity(uid, SHA256.HashData(line));
        }

        var raw = new Utf8JsonReader(rawData, isFinalBlock: true, new JsonReaderState(Options));
        raw.Read();
        return new EventIdentity(uid, Sha256OfString(ref raw));
    }

    private static EventIdentity? ReadAll(ReadOnlySpan<byte> line)
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
