using System.Text;
using TrailNormalizer.Azure.Functions;

namespace TrailNormalizer.Azure.Tests.Follow;

/// <summary>
/// Append and block log blobs in memory, with the clock of the test: every write sets Last-Modified. Records every
/// ranged read, and can run a hook during a read or break the stream after some bytes.
/// </summary>
internal sealed class FakeLogBlobs(TimeProvider time) : ILogBlobSource
{
    private readonly Dictionary<string, Blob> _blobs = new(StringComparer.Ordinal);

    public List<(Uri Url, long Offset, long MaxBytes)> Reads { get; } = [];

    /// <summary>Runs inside <see cref="OpenFrom"/> before the read is returned (a concurrent follower, say).</summary>
    public Action? DuringRead { get; set; }

    /// <summary>When set, the next read's stream throws after this many bytes, as a dropped connection does.</summary>
    public int? BreakAfterBytes { get; set; }

    public Uri Create(string name, string content = "", bool append = true)
    {
        var url = new Uri($"https://mylogs.blob.core.windows.net/insights-activity-logs/resourceId=/SUBSCRIPTIONS/S1/y=2026/m=11/d=24/h=10/m=00/{name}/PT1H.json");
        _blobs[url.ToString()] = new Blob { Append = append, Content = [.. Encoding.UTF8.GetBytes(content)], LastModified = time.GetUtcNow() };
        return url;
    }

    public void Append(Uri url, string text)
    {
        var blob = _blobs[url.ToString()];
        blob.Content.AddRange(Encoding.UTF8.GetBytes(text));
        blob.LastModified = time.GetUtcNow();
    }

    public LogBlobRead? OpenFrom(Uri blobUrl, long offset, long maxBytes, out string? reason)
    {
        Reads.Add((blobUrl, offset, maxBytes));
        if (!_blobs.TryGetValue(blobUrl.ToString(), out var blob))
        {
            reason = "log blob not found";
            return null;
        }

        reason = null;
        DuringRead?.Invoke();
        int length = (int)Math.Min(blob.Content.Count - offset, maxBytes);
        Stream content = new MemoryStream(blob.Content.GetRange((int)offset, length).ToArray());
        if (BreakAfterBytes is { } limit)
        {
            BreakAfterBytes = null;
            content = new BreakingStream(content, limit);
        }

        return new LogBlobRead(content, offset, length, blob.Content.Count, blob.LastModified, blob.Append);
    }

    public IEnumerable<LogBlobInfo> ListModifiedSince(DateTimeOffset since, DateTimeOffset now) =>
        _blobs.Where(b => b.Value.LastModified >= since).Select(b => new LogBlobInfo(new Uri(b.Key), b.Value.Content.Count, b.Value.LastModified)).ToList();

    private sealed class Blob
    {
        public required List<byte> Content { get; init; }

        public required bool Append { get; init; }

        public DateTimeOffset LastModified { get; set; }
    }

    /// <summary>Reads through to <paramref name="inner"/> until <paramref name="limit"/> bytes, then throws.</summary>
    private sealed class BreakingStream(Stream inner, int limit) : MemoryStream
    {
        private int _read;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_read >= limit)
            {
                throw new IOException("connection reset (simulated)");
            }

            int n = inner.Read(buffer, offset, Math.Min(count, limit - _read));
            _read += n;
            return n;
        }
    }
}
