using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// How far a diagnostic-log blob has been read and stored, kept in the evidence store so it survives every
/// invocation: <c>cursors/azure-logs/&lt;sha256(blob)&gt;/&lt;offset, 20 digits&gt;.json</c> holding
/// <c>{"url","offset","previous_offset","records","created"}</c>. Cursors are written create-only, one per step,
/// so the highest key is the position (<see cref="PositionKeys"/>).
/// </summary>
public sealed record LogCursor(string Url, long Offset, long PreviousOffset, long Records, DateTimeOffset Created)
{
    public const string Prefix = EvidenceKeys.CursorsPrefix + "azure-logs/";

    /// <summary>
    /// The blob's identity: scheme, host and unescaped path (so the URL in an event and the one a listing yields
    /// name the same blob), never a query.
    /// </summary>
    public static string BlobIdentity(Uri blobUrl) =>
        $"{blobUrl.Scheme}://{blobUrl.Authority.ToLowerInvariant()}{Uri.UnescapeDataString(blobUrl.AbsolutePath)}";

    /// <summary>The folder holding every cursor of <paramref name="blobUrl"/>.</summary>
    public static string FolderFor(Uri blobUrl) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(BlobIdentity(blobUrl)))) + "/";

    public static string KeyFor(Uri blobUrl, long offset) => PositionKeys.KeyFor(FolderFor(blobUrl), offset);

    /// <summary>The offset up to which <paramref name="blobUrl"/> has been stored: the highest cursor's, or 0.</summary>
    public static long LatestOffset(IEvidenceStore store, Uri blobUrl)
    {
        string? last = PositionKeys.Latest(store, FolderFor(blobUrl));
        return last is null ? 0 : PositionKeys.PositionOf(last);
    }

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("url", Url);
            w.WriteNumber("offset", Offset);
            w.WriteNumber("previous_offset", PreviousOffset);
            w.WriteNumber("records", Records);
            w.WriteString("created", Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static LogCursor Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        return new LogCursor(root.GetProperty("url").GetString()!, root.GetProperty("offset").GetInt64(), root.GetProperty("previous_offset").GetInt64(),
            root.GetProperty("records").GetInt64(), DateTimeOffset.Parse(root.GetProperty("created").GetString()!, CultureInfo.InvariantCulture));
    }
}
