using System.Collections.Concurrent;

namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// An evidence store in memory with the same create-only contract as the real ones: for tests and dry runs.
/// <see cref="FailPut"/> lets a test make chosen writes fail the way an unavailable store does.
/// </summary>
public sealed class MemoryEvidenceStore : IEvidenceStore
{
    private readonly ConcurrentDictionary<string, (byte[] Content, DateTimeOffset RetainUntil)> _objects = new(StringComparer.Ordinal);

    /// <summary>When it returns true for a key, <see cref="Put"/> throws an <see cref="IOException"/> and stores nothing.</summary>
    public Func<string, bool>? FailPut { get; set; }

    public IReadOnlyCollection<string> Keys => _objects.Keys.Order(StringComparer.Ordinal).ToList();

    public DateTimeOffset RetainUntil(string key) => _objects[key].RetainUntil;

    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil)
    {
        if (FailPut?.Invoke(key) == true)
        {
            throw new IOException($"store unavailable (simulated) for {key}");
        }

        if (!_objects.TryAdd(key, (content.ToArray(), retainUntil)))
        {
            throw new EvidenceExistsException(key);
        }
    }

    public Stream OpenRead(string key) =>
        _objects.TryGetValue(key, out var entry) ? new MemoryStream(entry.Content, writable: false) : throw new FileNotFoundException($"no evidence object {key}", key);

    public IEnumerable<string> List(string prefix) =>
        _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    public bool Exists(string key) => _objects.ContainsKey(key);
}
