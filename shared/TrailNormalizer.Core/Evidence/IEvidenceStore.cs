namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Where evidence objects live. Writes are create-only: an existing key is never overwritten.
/// The embedded default is <see cref="LocalEvidenceStore"/>; the adapters provide S3 and Blob stores.
/// </summary>
public interface IEvidenceStore
{
    /// <summary>
    /// Writes a new object that must stay unchanged until <paramref name="retainUntil"/> (WORM stores lock it
    /// in compliance mode); throws <see cref="EvidenceExistsException"/> when the key exists.
    /// </summary>
    void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil);

    /// <summary>
    /// Writes several new objects, each as <see cref="Put"/> does, in order. A store that can make a group durable in
    /// one step does so (<see cref="LocalEvidenceStore"/>); either way every object is durable when it returns.
    /// </summary>
    void PutAll(IReadOnlyList<NewObject> objects)
    {
        foreach (var o in objects)
        {
            Put(o.Key, o.Content, o.RetainUntil);
        }
    }

    /// <summary>Opens an object for reading.</summary>
    Stream OpenRead(string key);

    /// <summary>Every key under <paramref name="prefix"/> in ordinal order.</summary>
    IEnumerable<string> List(string prefix);

    /// <summary>True when the object exists.</summary>
    bool Exists(string key);
}

/// <summary>One object for <see cref="IEvidenceStore.PutAll"/>.</summary>
public sealed record NewObject(string Key, ReadOnlyMemory<byte> Content, DateTimeOffset RetainUntil);

/// <summary>A create-only write found the key already present.</summary>
public sealed class EvidenceExistsException(string key) : IOException($"evidence object already exists: {key}");
