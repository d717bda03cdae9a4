namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// The embedded evidence store: a local folder. Objects are written to a temporary file, flushed to
/// disk, moved into place without overwriting, and made read-only. A file system cannot enforce a
/// retention date: the date is recorded in each batch manifest, and the cloud stores enforce it.
/// <para>
/// Every store instance writes its temporary files in a folder of its own (<see cref="TempFiles"/>), so concurrent
/// writers never delete each other's files. Symbolic links are refused anywhere on the way to an object, so nothing
/// can be sent outside the folder.
/// </para>
/// </summary>
public sealed class LocalEvidenceStore : IEvidenceStore, IDisposable
{
    /// <summary>Flushes issued at once by <see cref="PutAll"/>: enough for the file system to group them, few enough for a shared disk.</summary>
    private const int MaxConcurrentFlushes = 8;
    private readonly string _root;
    private readonly Lazy<TempFiles.Writer> _temp;

    public LocalEvidenceStore(string root)
    {
        _root = Path.GetFullPath(root);
        _temp = new Lazy<TempFiles.Writer>(() => TempFiles.Writer.Open(_root));
    }

    public string Root => _root;

    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil) =>
        PutAll([new NewObject(key, content, retainUntil)]);

    /// <summary>
    /// Writes every object to a temporary file, flushes them to disk together (concurrent flushes let the file system commit
    /// them as one group instead of one commit per file), then moves each into place, in order, without overwriting.
    /// </summary>
    public void PutAll(IReadOnlyList<NewObject> objects)
    {
        var temps = new List<(string Temp, string Path, string Key)>(objects.Count);
        var files = new List<FileStream>(objects.Count);
        try
        {
            foreach (var (key, content, _) in objects)
            {
                string path = PathOf(key);
                if (File.Exists(path))
                {
                    throw new EvidenceExistsException(key);
                }

                string folder = Path.GetDirectoryName(path)!;
                Directory.CreateDirectory(folder);
                RefuseLinksOnTheWay(folder);
                string temp = _temp.Value.NewFile();
                temps.Add((temp, path, key));
                var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                files.Add(file);
                file.Write(content.Span);
            }

            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentFlushes }, file => file.Flush(flushToDisk: true));
            CloseAll(files);
            foreach (var (temp, path, key) in temps)
            {
                MoveIntoPlace(temp, path, key);
            }
        }
        finally
        {
            CloseAll(files);
            foreach (var (temp, _, _) in temps.Where(t => File.Exists(t.Temp)))
            {
                File.SetAttributes(temp, FileAttributes.Normal);
                File.Delete(temp);
            }
        }
    }

    public Stream OpenRead(string key) => new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    public bool Exists(string key) => File.Exists(PathOf(key));

    public IEnumerable<string> List(string prefix)
    {
        if (!Directory.Exists(_root))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        return Directory.EnumerateFiles(_root, "*", options)
            .Select(f => Path.GetRelativePath(_root, f).Replace('\\', '/'))
            .Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && !k.StartsWith(TempFiles.Folder + "/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every symbolic link inside the folder (relative paths); linked folders are not entered.</summary>
    public IReadOnlyList<string> FindSymbolicLinks()
    {
        var links = new List<string>();
        var pending = new Stack<DirectoryInfo>();
        if (Directory.Exists(_root))
        {
            pending.Push(new DirectoryInfo(_root));
        }

        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop().EnumerateFileSystemInfos())
            {
                if (entry.LinkTarget is not null)
                {
                    links.Add(Path.GetRelativePath(_root, entry.FullName).Replace('\\', '/'));
                }
                else if (entry is DirectoryInfo folder)
                {
                    pending.Push(folder);
                }
            }
        }

        return links.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Releases this writer's temporary folder.</summary>
    public void Dispose()
    {
        if (_temp.IsValueCreated)
        {
            _temp.Value.Dispose();
        }
    }

    private static void MoveIntoPlace(string temp, string path, string key)
    {
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

    private static void CloseAll(List<FileStream> files)
    {
        foreach (var file in files)
        {
            file.Dispose();
        }

        files.Clear();
    }

    private string PathOf(string key)
    {
        EvidenceKeys.EnsureSafe(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    /// <summary>Refuses a write whose folder, or any folder between it and the root, is a symbolic link.</summary>
    private void RefuseLinksOnTheWay(string folder)
    {
        for (string? current = folder; current is not null && current.Length > _root.Length; current = Path.GetDirectoryName(current))
        {
            if (new DirectoryInfo(current).LinkTarget is not null)
            {
                throw new IOException($"refusing to write through a symbolic link in the evidence folder: {Path.GetRelativePath(_root, current)}");
            }
        }
    }
}
