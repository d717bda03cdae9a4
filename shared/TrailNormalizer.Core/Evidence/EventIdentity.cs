using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Core.Evidence;

/// <summary>What makes two stored events one delivered twice: the same <c>metadata.uid</c> and the same raw record.</summary>
public sealed record EventIdentity(string Uid, byte[] RawSha256)
{
    /// <summary>The event's uid and the SHA-256 of its <c>raw_data</c> (of the whole line without it); null without a uid.</summary>
    public static EventIdentity? Of(JsonElement ev, ReadOnlySpan<byte> line)
    {
        if (ev.ValueKind != JsonValueKind.Object || !ev.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object
            || !metadata.TryGetProperty("uid", out var uid) || uid.ValueKind != JsonValueKind.String || uid.GetString() is not { Length: > 0 } id)
        {
            return null;
        }

        byte[] hash = ev.TryGetProperty("raw_data", out var raw) && raw.ValueKind == JsonValueKind.String
            ? SHA256.HashData(Encoding.UTF8.GetBytes(raw.GetString()!))
            : SHA256.HashData(line);
        return new EventIdentity(id, hash);
    }
}
