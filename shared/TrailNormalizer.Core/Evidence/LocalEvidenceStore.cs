namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// The embedded evidence store: a local folder. Objects are written to a temporary file, flushed to
/// disk, moved into place without overwriting, and made read-only. A file system cannot enforce a
/// retention date: the date is recorded in each batch manifest, and the cloud stores enforce it.
/// </summary>
public sealed class LocalEvidenceStore : IEvidenceStore
{
    private const string TempFolder = ".tmp";
    private readonly string _root;

    public LocalEvidenceStore(string root)
    {
        _root = Path.GetFullPath(root);
    }

    public string Root => _root;

    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil)
    {
        string path = PathOf(key);
        if (File.Exists(path))
        {
            throw new EvidenceExistsException(key);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string tempFolder = Path.Combine(_root, TempFolder);
        Directory.CreateDirectory(tempFolder);
        string temp = Path.Combine(tempFolder, Guid.NewGuid().ToString("N"));
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                file.Write(content.Span);
                file.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                throw new EvidenceExistsException(key);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.SetAttributes(temp, FileAttributes.Normal);
                File.Delete(temp);
            }
        }

        TryRemoveEmptyTempFolder(tempFolder);
    }

    public Stream OpenRead(string key) => new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    public bool Exists(string key) => File.Exists(PathOf(key));

    public IEnumerable<string> List(string prefix)
    {
        if (!Directory.Exists(_root))
        {
            return [];
        }

        return Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !k.StartsWith(TempFolder + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private string PathOf(string key)
    {
        EvidenceKeys.EnsureSafe(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private static void TryRemoveEmptyTempFolder(string folder)
    {
        try
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
            // Another writer is using it; it will be removed by the last one.
        }
    }
}
