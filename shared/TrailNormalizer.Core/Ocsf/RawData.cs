using System.Security.Cryptography;
using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>
/// Writes <c>raw_data</c> (the record exactly as received, as a JSON string) and <c>raw_data_hash</c> (the SHA-256
/// of those bytes, which are the UTF-8 encoding of the <c>raw_data</c> string). A record whose bytes would not
/// read back exactly (<see cref="RecordBytes"/>) throws <see cref="RecordBytesException"/>, so it is quarantined.
/// </summary>
internal static class RawData
{
    public static void Write(Utf8JsonWriter w, ReadOnlySpan<byte> raw)
    {
        if (RecordBytes.Problem(raw) is { } problem)
        {
            throw new RecordBytesException(problem);
        }

        w.WriteString("raw_data"u8, raw); // UTF-8 in, escaped as needed: no decode round trip
        w.WriteStartObject("raw_data_hash"u8);
        w.WriteNumber("algorithm_id"u8, OcsfEnums.FingerprintSha256);
        w.WriteString("algorithm"u8, "SHA-256");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> hex = stackalloc byte[SHA256.HashSizeInBytes * 2];
        SHA256.HashData(raw, hash);
        Convert.TryToHexStringLower(hash, hex, out _);
        w.WriteString("value"u8, hex); // the same text as Sha256Hex, without a string per event
        w.WriteEndObject();
    }

    /// <summary>The SHA-256 of the raw bytes, lower-case hex: the <c>raw_data_hash</c> value.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> raw) => Convert.ToHexStringLower(SHA256.HashData(raw));

    /// <summary>The event uid: the source's own id, else (a record without one) the SHA-256 of its raw bytes, stable across runs.</summary>
    public static string Uid(string? sourceId, ReadOnlySpan<byte> raw) => sourceId ?? Sha256Hex(raw);
}
