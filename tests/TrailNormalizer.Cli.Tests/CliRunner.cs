using System.Text;
using TrailNormalizer.Cli;

namespace TrailNormalizer.Cli.Tests;

/// <summary>Runs <c>trailnorm</c> in-process with captured output.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error, byte[] StandardOutput)
{
    public string StdoutText => Encoding.UTF8.GetString(StandardOutput) + Out;

    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var raw = new MemoryStream();
        int code = TrailnormApp.Run(args, new CliConsole(output, error, raw, Interactive: false));
        return new CliRun(code, output.ToString(), error.ToString(), raw.ToArray());
    }
}

/// <summary>A temporary folder removed after the test (read-only evidence files included).</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = Directory.CreateTempSubdirectory("trailnorm-test-").FullName;
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        var noLinks = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(Path, "*", noLinks))
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(Path, recursive: true);
    }
}
