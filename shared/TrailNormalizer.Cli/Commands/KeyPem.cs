namespace TrailNormalizer.Cli.Commands;

/// <summary>Reads a key file's text, refusing what cannot be a PEM key (missing, a folder, too large, no PEM armour) with one line.</summary>
internal static class KeyPem
{
    /// <summary>Far above a P-256 PEM (about 250 bytes); a larger file is the wrong file.</summary>
    private const long MaxBytes = 64 * 1024;

    public static string ReadText(string path, string what, string whatToPass)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"{path} is a folder, not a {what} file; {whatToPass}");
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new CliException($"{what} not found: {path}; {whatToPass}");
        }

        string text = file.Length <= MaxBytes ? File.ReadAllText(path) : "";
        if (!text.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            throw new CliException($"{path} is not a PEM {what}; {whatToPass}");
        }

        return text;
    }
}
