namespace TrailNormalizer.Core.Evidence;

/// <summary>
/// Temporary files of a local evidence folder, under <c>.tmp/</c>. Each writer has its own folder <c>.tmp/W/</c> and holds
/// an exclusive lock on <c>.tmp/W.lock</c> while it lives; the operating system releases the lock when the process ends,
/// however it ends. A folder whose lock nobody holds was left by a writer that died: its files are leftovers, which
/// <see cref="Leftovers"/> lists and <see cref="CleanLeftovers"/> deletes. A live writer's files are never touched.
/// </summary>
public static class TempFiles
{
    public const string Folder = ".tmp";
    private const string LockSuffix = ".lock";

    /// <summary>Leftover temporary files (relative paths), from writers that are no longer running.</summary>
    public static IReadOnlyList<string> Leftovers(string root)
    {
        var dead = DeadWriterFolders(root);
        foreach (var writer in dead)
        {
            writer.Lock?.Dispose();
        }

        return dead.SelectMany(d => d.Files).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Deletes the leftovers of writers that are no longer running; returns how many files were deleted.</summary>
    public static int CleanLeftovers(string root)
    {
        int deleted = 0;
        foreach (var dead in DeadWriterFolders(root))
        {
            foreach (string file in dead.Files)
            {
                File.SetAttributes(file, FileAttributes.Normal);
                File.Delete(file);
                deleted++;
            }

            if (dead.Lock is not null && Directory.Exists(dead.Folder))
            {
                Directory.Delete(dead.Folder, recursive: true);
            }

            dead.Release();
        }

        return deleted;
    }

    /// <summary>Writer folders whose lock could be taken (so their writer is gone), each returned holding that lock until released.</summary>
    private static List<DeadWriter> DeadWriterFolders(string root)
    {
        string temp = Path.Combine(root, Folder);
        var dead = new List<DeadWriter>();
        if (!Directory.Exists(temp))
        {
            return dead;
        }

        foreach (string lockPath in Directory.EnumerateFiles(temp, "*" + LockSuffix))
        {
            FileStream held;
            try
            {
                held = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // a live writer holds it
            }

            string folder = lockPath[..^LockSuffix.Length];
            var files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList() : [];
            dead.Add(new DeadWriter(folder, files, held, lockPath));
        }

        // Files directly in .tmp/ were left by versions that shared one folder between writers.
        var loose = Directory.EnumerateFiles(temp).Where(f => !f.EndsWith(LockSuffix, StringComparison.Ordinal)).ToList();
        if (loose.Count > 0)
        {
            dead.Add(new DeadWriter(temp, loose, null, null));
        }

        return dead;
    }

    private sealed record DeadWriter(string Folder, List<string> Files, FileStream? Lock, string? LockPath)
    {
        public void Release()
        {
            if (LockPath is not null)
            {
                File.Delete(LockPath);
            }

            Lock?.Dispose();
        }
    }

    /// <summary>One writer's temporary folder, locked for as long as the writer lives.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly string _folder;
        private readonly FileStream _lock;

        private Writer(string folder, FileStream heldLock)
        {
            _folder = folder;
            _lock = heldLock;
        }

        public static Writer Open(string root)
        {
            string temp = Path.Combine(root, Folder);
            Directory.CreateDirectory(temp);
            string id = Guid.NewGuid().ToString("N");
            var heldLock = new FileStream(Path.Combine(temp, id + LockSuffix), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            string folder = Path.Combine(temp, id);
            Directory.CreateDirectory(folder);
            return new Writer(folder, heldLock);
        }

        /// <summary>A fresh file name in this writer's folder.</summary>
        public string NewFile()
        {
            Directory.CreateDirectory(_folder);
            return Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        }

        public void Dispose()
        {
            if (Directory.Exists(_folder) && !Directory.EnumerateFileSystemEntries(_folder).Any())
            {
                Directory.Delete(_folder);
            }

            File.Delete(_lock.Name);
            _lock.Dispose();
        }
    }
}
