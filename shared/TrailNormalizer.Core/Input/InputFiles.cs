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
    /// </summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(IsInputFile)
                    .Order(StringComparer.Ordinal);
                foreach (string file in files)
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

    /// <summary>Opens a file for streaming; gzip is detected by its magic bytes, not only by name.</summary>
    public static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return MaybeDecompress(file);
    }

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
