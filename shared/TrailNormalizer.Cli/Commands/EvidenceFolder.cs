using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Cli.Commands;

/// <summary>Opens an existing evidence folder, with a clear error when it is not there.</summary>
internal static class EvidenceFolder
{
    public static LocalEvidenceStore Open(string dir) =>
        Directory.Exists(dir) ? new LocalEvidenceStore(dir) : throw new CliException($"evidence folder not found: {dir}");
}
