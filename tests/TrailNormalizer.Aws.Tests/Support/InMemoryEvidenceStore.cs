using System.Collections.Concurrent;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Tests.Support;

/// <summary>
/// The store contract in memory (create-only, ordinal listing), with a switch that makes chosen writes fail
/// the way an unreachable S3 would.
/// </summary>
public sealed class InMemoryEvidenceStore : IEvidenceStore
{
    private readonly ConcurrentDictionary<string, (byte[] Content, DateTimeOffset RetainUntil)> _objects = new(StringComparer.Ordinal);

    /// <summary>When it answers true for a key, the Put throws an <see cref="IOException"/> and stores nothing.</summary>
    public Func<string, bool> FailPut { get; set; } = _ => false;

    public IReadOnlyCollection<string> Keys => _objects.Keys.Order(StringComparer.Ordinal).ToList();

    public DateTimeOffset RetainUntil(string key) => _objects[key].RetainUntil;

    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil)
    {
        EvidenceKeys.EnsureSafe(key);
        if (FailPut(key))
        {
            throw new IOException($"simulated storage failure writing {key}");
        }

        if (!_objects.TryAdd(key, (content.ToArray(), retainUntil)))
        {
            throw new EvidenceExistsException(key);
        }
    }

    public Stream OpenRead(string key) =>
        _objects.TryGetValue(key, out var entry) ? new MemoryStream(entry.Content, writable: false) : throw new FileNotFoundException(key);

    public IEnumerable<string> List(string prefix) => Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    public bool Exists(string key) => _objects.ContainsKey(key);
}
