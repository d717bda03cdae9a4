using System.Diagnostics;
using System.Globalization;

namespace TrailNormalizer.Cli.Commands;

/// <summary>
/// One status line redrawn in place on stderr when a person is watching (a few times a second at most), cleared
/// when the work ends; nothing at all when stderr is a pipe or a file.
/// </summary>
internal sealed class TerminalLine(CliConsole console) : IDisposable
{
    private const int Width = 110;
    private const long RedrawMs = 200;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDrawMs = -RedrawMs;
    private bool _drawn;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Draws <paramref name="text"/> unless the last draw was moments ago (<paramref name="force"/> draws anyway).</summary>
    public void Draw(Func<string> text, bool force = false)
    {
        if (!console.Interactive || (!force && _clock.ElapsedMilliseconds - _lastDrawMs < RedrawMs))
        {
            return;
        }

        _lastDrawMs = _clock.ElapsedMilliseconds;
        string line = text();
        console.Error.Write("\r" + (line.Length > Width ? line[..(Width - 1)] + "…" : line.PadRight(Width)));
        _drawn = true;
    }

    public void Clear()
    {
        if (_drawn)
        {
            console.Error.Write("\r" + new string(' ', Width) + "\r");
            _drawn = false;
        }
    }

    public void Dispose() => Clear();

    public static string Megabytes(long bytes) => (bytes / 1_048_576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    /// <summary>"12.5 MB/s, ETA 0:14" from what was read so far, or "" before there is a rate to speak of.</summary>
    public string RateAndEta(long done, long total)
    {
        double seconds = _clock.Elapsed.TotalSeconds;
        if (seconds < 0.5 || done <= 0)
        {
            return "";
        }

        double rate = done / seconds;
        string text = $"{Megabytes((long)rate)}/s";
        if (total > done)
        {
            var eta = TimeSpan.FromSeconds(Math.Ceiling((total - done) / rate));
            text += $", ETA {(int)eta.TotalMinutes}:{eta.Seconds:00}";
        }

        return text;
    }
}
