using System.Globalization;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Cli.Commands;

/// <summary>normalize's progress on a terminal: files, records, input bytes read of the total, rate, ETA and the current file.</summary>
internal sealed class ProgressLine(CliConsole console) : IProgress<NormalizationProgress>, IDisposable
{
    private readonly TerminalLine _line = new(console);

    public void Report(NormalizationProgress value) =>
        _line.Draw(() => Describe(value), force: value.FilesDone == value.FilesTotal);

    public void Done() => _line.Clear();

    public void Dispose() => _line.Dispose();

    private string Describe(NormalizationProgress value)
    {
        string file = value.CurrentFile.Length > 40 ? "…" + value.CurrentFile[^39..] : value.CurrentFile;
        string bytes = value.BytesTotal > 0 ? $"  {TerminalLine.Megabytes(value.BytesRead)} of {TerminalLine.Megabytes(value.BytesTotal)}" : "";
        string rate = _line.RateAndEta(value.BytesRead, value.BytesTotal);
        return $"[{value.FilesDone}/{value.FilesTotal} files] {value.Records.ToString("N0", CultureInfo.InvariantCulture)} records{bytes}{(rate.Length > 0 ? "  " + rate : "")}  {file}";
    }
}
