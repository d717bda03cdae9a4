using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Core.Tests.Support;

/// <summary>
/// A view of a create-only store as an attacker who can overwrite objects leaves it: <see cref="Overwrite"/> replaces
/// (or adds) an object's bytes; everything else reads through.
/// </summary>
public sealed class TamperedStore(IEvidenceStore inner) : IEvidenceStore
{
    private readonly Dictionary<string, byte[]> _replaced = new(StringComparer.Ordinal);

    public void Overwrite(string key, byte[] content) => _replaced[key] = content;

    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil) => inner.Put(key, content, retainUntil);

    public Stream OpenRead(string key) => _replaced.TryGetValue(key, out var bytes) ? new MemoryStream(bytes, writable: false) : inner.OpenRead(key);

    public IEnumerable<string> List(string prefix) =>
        inner.List(prefix).Concat(_replaced.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))).Distinct().Order(StringComparer.Ordinal).ToList();

    public bool Exists(string key) => _replaced.ContainsKey(key) || inner.Exists(key);
}
