using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Cli.Commands;

/// <summary>Reads the checkpoint files an auditor kept (<c>--trusted-checkpoint FILE</c>).</summary>
internal static class TrustedCheckpointFiles
{
    public static List<TrustedCheckpoint> Read(IEnumerable<string> paths) =>
        paths.Select(path => File.Exists(path)
            ? new TrustedCheckpoint(path, File.ReadAllText(path))
            : throw new CliException($"trusted checkpoint not found: {path}")).ToList();

    public static System.CommandLine.Option<string[]> Option() => new("--trusted-checkpoint")
    {
        Description = "A checkpoint kept from an earlier audit ('trailnorm checkpoint DIR > FILE'; repeatable): fail with rolled-back or forked unless the log extends it (RFC 9162 consistency proof).",
        HelpName = "FILE",
        AllowMultipleArgumentsPerToken = false,
    };
}
