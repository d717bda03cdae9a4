using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Cli.Commands;

/// <summary>
/// An evidence store that counts the objects and bytes read through it and shows them on a <see cref="TerminalLine"/>
/// (verify, report, seal): "verify: 120 objects, 35.0 MB of 210.0 MB read, 20.1 MB/s, ETA 0:08".
/// </summary>
internal sealed class ReadProgressStore : IEvidenceStore, IDisposable
{
    private readonly IEvidenceStore _inner;
    private readonly TerminalLine _line;
    private readonly string _verb;
    private readonly long _totalBytes;
    private readonly HashSet<string> _opened = new(StringComparer.Ordinal);
    private long _bytes;
    private long _rereadBytes;

    /// <summary>totalBytes: what a full read would be, for the ETA; 0 when the command reads only part of the folder.</summary>
    private ReadProgressStore(IEvidenceStore inner, CliConsole console, string verb, long totalBytes)
    {
        _inner = inner;
        _line = new TerminalLine(console);
        _verb = verb;
        _totalBytes = totalBytes;
    }

    /// <summary>A store for a command that reads every object (verify, report): progress shows bytes of the total and an ETA.</summary>
    public static ReadProgressStore ReadingAll(LocalEvidenceStore store, CliConsole console, string verb) =>
        new(store, console, verb, console.Interactive ? FolderBytes(store.Root) : 0);

    /// <summary>A store for a command that reads only some objects (seal): progress shows what was read.</summary>
    public static ReadProgressStore ReadingSome(IEvidenceStore store, CliConsole console, string verb) => new(store, console, verb, 0);

    public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil) => _inner.Put(key, content, retainUntil);

    public Stream OpenRead(string key)
    {
        bool first = _opened.Add(key);
        Draw();
        return new CountingStream(_inner.OpenRead(key), this, first);
    }

    public IEnumerable<string> List(string prefix) => _inner.List(prefix);

    public bool Exists(string key) => _inner.Exists(key);

    public void Dispose() => _line.Dispose();

    private void Draw() => _line.Draw(() =>
    {
        string of = _totalBytes > 0 ? $" of {TerminalLine.Megabytes(_totalBytes)}" : "";
        string rate = _line.RateAndEta(_bytes, _totalBytes);
        string again = _rereadBytes > 0 ? $"; reading again: {TerminalLine.Megabytes(_rereadBytes)}" : "";
        return $"{_verb}: {_opened.Count} objects, {TerminalLine.Megabytes(_bytes)}{of} read{(rate.Length > 0 ? ", " + rate : "")}{again}";
    });

    private static long FolderBytes(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return new DirectoryInfo(root).EnumerateFiles("*", options).Sum(file => file.Length);
    }

    /// <summary>Counts the bytes of an object's first read towards the total; later reads (a second pass) apart.</summary>
    private sealed class CountingStream(Stream inner, ReadProgressStore owner, bool firstRead) : ReadOnlyStream(inner)
    {
        public override int Read(Span<byte> buffer)
        {
            int n = Inner.Read(buffer);
            if (firstRead)
            {
                owner._bytes += n;
            }
            else
            {
                owner._rereadBytes += n;
            }

            owner.Draw();
            return n;
        }
    }
}
