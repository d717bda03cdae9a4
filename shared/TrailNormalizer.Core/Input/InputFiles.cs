namespace TrailNormalizer.Core.Input;

/// <summary>Finds input files under the given paths and opens them, decompressing gzip transparently.</summary>
public static class InputFiles
{
    private static readonly string[] Extensions = [".json", ".json.gz", ".ndjson", ".jsonl", ".ndjson.gz", ".jsonl.gz"];

    /// <summary>True for the file names the normalizer reads.</summary>
    public static bool IsInputFile(string path) =>
        Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>True when the file name says one JSON value per line.</summary>
    public static bool IsLineDelimited(string path)
    {
        string name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Every input file named by <paramref name="paths"/>: files as given (whatever their extension),
    /// folders searched recursively for known extensions, in ordinal path order so runs are repeatable.
    /// Symbolic links to folders are not followed (so a link loop cannot repeat or hang the walk); links to files are read
    /// as the file they point to. Evidence folders (written by <c>normalize --out</c>) are never read as input.
    /// <paramref name="skipped"/> hears each folder left out and why.
    /// </summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths, Action<string, string>? skipped = null)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (string file in Walk(path, skipped))
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                throw new FileNotFoundException($"input not found: {path}", path);
            }
        }
    }

    /// <summary>True when <paramref name="folder"/> holds what an evidence folder holds (batches, a checkpoint log or a store's temp folder).</summary>
    public static bool IsEvidenceFolder(string folder) =>
        Directory.Exists(Path.Combine(folder, "log", "seals"))
        || Directory.Exists(Path.Combine(folder, "log", "checkpoints"))
        || Directory.Exists(Path.Combine(folder, ".tmp"))
        || HasChildStartingWith(Path.Combine(folder, "events"), "cloud=")
        || HasChildStartingWith(Path.Combine(folder, "quarantine"), "date=");

    private static bool HasChildStartingWith(string folder, string prefix) =>
        Directory.Exists(folder) && Directory.EnumerateDirectories(folder, prefix + "*").Any();

    private static IEnumerable<string> Walk(string root, Action<string, string>? skipped)
    {
        var found = new List<string>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string folder = pending.Pop();
            if (IsEvidenceFolder(folder))
            {
                skipped?.Invoke(folder, "an evidence folder, not input");
                continue;
            }

            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory)
                {
                    if (directory.LinkTarget is not null)
                    {
                        skipped?.Invoke(Path.Combine(folder, entry.Name), "a symbolic link to a folder, not followed");
                    }
                    else
                    {
                        pending.Push(Path.Combine(folder, entry.Name));
                    }
                }
                else if (IsInputFile(entry.Name))
                {
                    found.Add(Path.Combine(folder, entry.Name));
                }
            }
        }

        return found.Order(StringComparer.Ordinal);
    }

    /// <summary>Opens a file for streaming; gzip is detected by its magic bytes, not only by name.</summary>
    public static Stream Open(string path) => MaybeDecompress(OpenFile(path));

    /// <summary>Opens a file's bytes as stored (no decompression), for sequential reading.</summary>
    internal static Stream OpenFile(string path) =>
        new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);

    /// <summary>
    /// Wraps <paramref name="stream"/> in a gzip decoder (<see cref="GzipInputStream"/>: truncation, trailers and
    /// concatenated members checked) when it starts with the gzip magic bytes.
    /// </summary>
    public static Stream MaybeDecompress(Stream stream)
    {
        var magic = new byte[2];
        int read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        Stream whole;
        if (stream.CanSeek)
        {
            stream.Seek(-read, SeekOrigin.Current);
            whole = stream;
        }
        else
        {
            whole = new PrefixedStream(magic.AsMemory(0, read), stream);
        }

        return read == 2 && magic[0] == 0x1F && magic[1] == 0x8B
            ? new GzipInputStream(whole)
            : whole;
    }
}
