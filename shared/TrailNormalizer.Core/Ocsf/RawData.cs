using System.Security.Cryptography;
using System.Text.Json;

namespace TrailNormalizer.Core.Ocsf;

/// <summary>Writes <c>raw_data</c> (the record exactly as received) and <c>raw_data_hash</c> (its SHA-256).</summary>
public static class RawData
{
    public static void Write(Utf8JsonWriter w, ReadOnlySpan<byte> raw)
    {
        w.WriteString("raw_data", raw); // UTF-8 in, escaped as needed: no decode round trip
        w.WriteStartObject("raw_data_hash");
        w.WriteNumber("algorithm_id", OcsfEnums.FingerprintSha256);
        w.WriteString("algorithm", "SHA-256");
        w.WriteString("value", Convert.ToHexStringLower(SHA256.HashData(raw)));
        w.WriteEndObject();
    }
}
