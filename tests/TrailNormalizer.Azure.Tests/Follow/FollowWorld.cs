using TrailNormalizer.Core.Pipeline;
using System.Text;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Tests.Handler;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.Follow;

/// <summary>A handler over a memory evidence store, fake log blobs and a hand-moved clock, for following blobs.</summary>
internal sealed class FollowWorld : IDisposable
{
    public FollowWorld()
    {
        Blobs = new FakeLogBlobs(Time);
        Handler = new TestHandler(store: Store, logBlobs: Blobs, time: Time);
    }

    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero));

    public MemoryEvidenceStore Store { get; } = new();

    public FakeLogBlobs Blobs { get; }

    public TestHandler Handler { get; }

    public string Marker { get; } = Guid.NewGuid().ToString("N");

    /// <summary>One Activity Log record as Azure Monitor appends it: a JSON line with a unique eventDataId.</summary>
    public string Line(int i) => RecordLine(Marker, i);

    public static string RecordLine(string marker, int i) =>
        $$"""{"time":"2026-11-24T10:{{i % 60:D2}}:00Z","resourceId":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1","operationName":"MICROSOFT.STORAGE/STORAGEACCOUNTS/WRITE","category":"Administrative","resultType":"Success","eventDataId":"{{marker}}-{{i}}","correlationId":"{{marker}}"}""" + "\n";

    public string Lines(int from, int count) => string.Concat(Enumerable.Range(from, count).Select(Line));

    /// <summary>One follow step with its own writer, flushed like an invocation's.</summary>
    public FollowStep Follow(Uri url, long maxBytes = 1 << 20)
    {
        using var session = new IngestSession(Handler.Services.Ingest);
        var step = new LogBlobFollower(Handler.Services).Follow(url, session, maxBytes);
        session.Flush();
        return step;
    }

    /// <summary>The eventDataId suffixes (the line numbers) of the stored events, in any order, duplicates kept.</summary>
    public List<int> StoredLines() => LinesOf(Handler.StoredEvents(), Marker);

    /// <summary>The line numbers of the events among <paramref name="events"/> that carry <paramref name="marker"/>.</summary>
    public static List<int> LinesOf(IEnumerable<System.Text.Json.JsonElement> events, string marker) => events
        .Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()!)
        .Where(uid => uid.StartsWith(marker + "-", StringComparison.Ordinal))
        .Select(uid => int.Parse(uid[(marker.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public List<string> Cursors() => Store.List(LogCursor.Prefix).ToList();

    public LogCursor Cursor(string key)
    {
        using var stream = Store.OpenRead(key);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return LogCursor.Parse(memory.ToArray());
    }

    public static int Bytes(string text) => Encoding.UTF8.GetByteCount(text);

    public void Dispose() => Handler.Dispose();
}
