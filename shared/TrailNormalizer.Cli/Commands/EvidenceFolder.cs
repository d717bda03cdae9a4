using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Cli.Commands;

/// <summary>Opens an existing evidence folder, with a clear error when it is not there or is some other folder (an empty folder is empty evidence).</summary>
internal static class EvidenceFolder
{
    /// <summary>What 'normalize' and 'seal' create at the top of an evidence folder; any one of them marks it.</summary>
    private static readonly string[] Markers = ["events", "quarantine", "log", "runs", "inputs", "cursors", ".tmp"];

    public static LocalEvidenceStore Open(string dir)
    {
        if (File.Exists(dir))
        {
            throw new CliException($"{dir} is a file, not an evidence folder; give the folder 'trailnorm normalize --out' wrote");
        }

        if (!Directory.Exists(dir))
        {
            throw new CliException($"evidence folder not found: {dir}");
        }

        // An empty folder is empty evidence (nothing written yet); a folder with other things in it is a mistake.
        if (Directory.EnumerateFileSystemEntries(dir).Any() && !Markers.Any(marker => Directory.Exists(Path.Combine(dir, marker))))
        {
            throw new CliException($"not an evidence folder: {dir} (it has no events/, quarantine/ or log/); give the folder 'trailnorm normalize --out' wrote");
        }

        return new LocalEvidenceStore(dir);
    }
}
