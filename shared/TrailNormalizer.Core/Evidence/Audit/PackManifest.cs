using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Core.Evidence.Audit;

/// <summary>
/// <c>manifest.sha256</c> of an audit pack: the SHA-256 of every other file, one "hex  relative/path" line each, in the
/// format <c>sha256sum -c</c> reads. It catches any changed, missing or added file; since it is not signed, an auditor
/// keeps its own SHA-256 (printed by <c>audit</c> and <c>verify-pack</c>) in the working papers.
/// </summary>
public static class PackManifest
{
    public const string FileName = "manifest.sha256";

    /// <summary>Hashes every file under <paramref name="pack"/> (except the manifest) and writes the manifest; returns its SHA-256.</summary>
    public static string Write(string pack)
    {
        var sb = new StringBuilder();
        foreach (string file in Files(pack))
        {
            sb.Append(Hash(Path.Combine(pack, file))).Append("  ").Append(file).Append('\n');
        }

        byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
        File.WriteAllBytes(Path.Combine(pack, FileName), bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Problems as (file, what): unreadable manifest, missing, changed or unlisted files.</summary>
    public static List<(string File, string Problem)> Verify(string pack, out string? manifestHash)
    {
        var problems = new List<(string, string)>();
        string manifestPath = Path.Combine(pack, FileName);
        manifestHash = null;
        if (!File.Exists(manifestPath))
        {
            problems.Add((FileName, "missing: the pack has no manifest"));
            return problems;
        }

        byte[] bytes = File.ReadAllBytes(manifestPath);
        manifestHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split("  ", 2);
            if (parts.Length != 2 || parts[0].Length != 64 || !IsSafe(parts[1]))
            {
                problems.Add((FileName, $"malformed line: {line}"));
                continue;
            }

            listed.Add(parts[1]);
            string path = Path.Combine(pack, parts[1]);
            if (!File.Exists(path))
            {
                problems.Add((parts[1], "missing: listed in the manifest"));
            }
            else if (Hash(path) != parts[0])
            {
                problems.Add((parts[1], "changed: SHA-256 differs from the manifest"));
            }
        }

        foreach (string file in Files(pack).Where(f => !listed.Contains(f)))
        {
            problems.Add((file, "added: not listed in the manifest"));
        }

        return problems;
    }

    /// <summary>Every file of the pack but the manifest, as sorted '/'-separated relative paths.</summary>
    private static IEnumerable<string> Files(string pack) =>
        Directory.EnumerateFiles(pack, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(pack, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => f != FileName)
            .Order(StringComparer.Ordinal);

    private static bool IsSafe(string relative) =>
        relative.Length > 0 && !relative.StartsWith('/') && !relative.Contains('\\', StringComparison.Ordinal) && relative.Split('/').All(p => p is not ("" or "." or ".."));

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
