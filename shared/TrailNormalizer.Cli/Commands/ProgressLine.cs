using System.Diagnostics;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Cli.Commands;

/// <summary>A one-line progress display on a terminal (stderr), at most a few updates a second; silent in pipes.</summary>
internal sealed class ProgressLine(CliConsole console) : IProgress<NormalizationProgress>, IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawMs = -1000;
    private bool _drawn;

    public void Report(NormalizationProgress value)
    {
        if (!console.Interactive || (_clock.ElapsedMilliseconds - _lastDrawMs < 200 && value.FilesDone < value.FilesTotal))
        {
            return;
        }

        _lastDrawMs = _clock.ElapsedMilliseconds;
        string file = value.CurrentFile.Length > 50 ? "…" + value.CurrentFile[^49..] : value.CurrentFile;
        console.Error.Write($"\r[{value.FilesDone}/{value.FilesTotal} files] {value.Records} records  {file}".PadRight(100));
        _drawn = true;
    }

    public void Done()
    {
        if (_drawn)
        {
            console.Error.Write("\r" + new string(' ', 100) + "\r");
            _drawn = false;
        }
    }

    public void Dispose() => Done();
}
