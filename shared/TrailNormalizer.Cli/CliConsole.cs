namespace TrailNormalizer.Cli;

/// <summary>Where a command writes: text output, errors, raw stdout for NDJSON, and whether a person is watching.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error, Stream StandardOutput, bool Interactive)
{
    public static CliConsole System() =>
        new(Console.Out, Console.Error, Console.OpenStandardOutput(), !Console.IsErrorRedirected);
}

/// <summary>A usage or I/O problem reported as one line and a non-zero exit code.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Process exit codes.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;
}
