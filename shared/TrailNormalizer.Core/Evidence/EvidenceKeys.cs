using System.Globalization;
using System.Security.Cryptography;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// The evidence key layout (docs/evidence.md, "Layout"):
/// <c>events/cloud=aws/account=ID/region=R/date=YYYY-MM-DD/hour=HH/BATCH.ndjson.gz</c> with
/// <c>BATCH.manifest.json</c> beside it, and <c>quarantine/date=YYYY-MM-DD/BATCH.ndjson.gz</c>. Adapters keep
/// their read positions (JSON, create-only) under <c>cursors/</c>; those are not evidence and are never sealed.
/// Partition values come from untrusted records, so they are reduced to a safe alphabet.
/// </summary>
public static class EvidenceKeys
{
    public const string EventsPrefix = "events/";
    public const string QuarantinePrefix = "quarantine/";
    public const string CursorsPrefix = "cursors/";
    public const string BatchSuffix = ".ndjson.gz";
    public const string ManifestSuffix = ".manifest.json";

    /// <summary>
    /// A new batch id: sortable by creation time, unique across concurrent writers. With a <paramref name="runTag"/> (8 hex
    /// digits naming a <c>normalize</c> run) the id's random part starts with it, so a batch left without a manifest names its run.
    /// </summary>
    public static string NewBatchId(DateTimeOffset now, string? runTag = null) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture) + "-"
        + (runTag is null ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) : runTag + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));

    /// <summary>The 8 hex digits a run put at the start of the random part of a batch id (see <see cref="NewBatchId"/>), if the name has them.</summary>
    public static string? RunTagOf(string batchKey)
    {
        string name = batchKey[(batchKey.LastIndexOf('/') + 1)..];
        return name.Length > 36 && name[19] == '-' ? name[20..28] : null;
    }

    /// <summary>The creation time a batch object's key carries in its <see cref="NewBatchId"/>; false for a name no writer of ours made.</summary>
    public static bool TryParseBatchTime(string batchKey, out DateTimeOffset created)
    {
        created = default;
        string name = batchKey[(batchKey.LastIndexOf('/') + 1)..];
        const int stampLength = 19; // yyyyMMddTHHmmssfffZ
        return name.EndsWith(BatchSuffix, StringComparison.Ordinal) && name.Length > stampLength && name[stampLength] == '-'
            && DateTimeOffset.TryParseExact(name[..stampLength], "yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out created);
    }

    public static string EventBatchFolder(EvidencePartition partition, long timeMs)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(timeMs).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture,
            $"{EventsPrefix}cloud={Safe(partition.Cloud)}/account={Safe(partition.Account)}/region={Safe(partition.Region)}/date={t:yyyy-MM-dd}/hour={t:HH}/");
    }

    public static string QuarantineFolder(DateTimeOffset now) =>
        string.Create(CultureInfo.InvariantCulture, $"{QuarantinePrefix}date={now.UtcDateTime:yyyy-MM-dd}/");

    public static string ManifestKeyFor(string batchKey) => batchKey[..^BatchSuffix.Length] + ManifestSuffix;

    public static string BatchKeyFor(string manifestKey) => manifestKey[..^ManifestSuffix.Length] + BatchSuffix;

    /// <summary>Keeps [A-Za-z0-9._-], replaces anything else with '_', bounds the length, and never yields "." or "..".</summary>
    public static string Safe(string value)
    {
        if (value.Length == 0)
        {
            return "unknown";
        }

        var chars = value.Length > 64 ? value[..64].ToCharArray() : value.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                chars[i] = '_';
            }
        }

        string safe = new(chars);
        return safe.Trim('.').Length == 0 ? "_" + safe.Replace('.', '_') : safe;
    }

    /// <summary>Rejects keys that could escape the store's root.</summary>
    public static void EnsureSafe(string key)
    {
        if (key.Length == 0 || key.StartsWith('/') || key.Contains('\\', StringComparison.Ordinal)
            || key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"unsafe evidence key: {key}", nameof(key));
        }
    }
}
