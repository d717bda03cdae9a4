using System.Globalization;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>
/// A C2SP tlog-checkpoint body: origin, tree size, base64 root hash, then extension lines. Ours carry
/// "trailnormalizer/prev &lt;hex SHA-256 of the previous checkpoint note&gt;" (or "none") so the chain is walkable, and
/// "trailnormalizer/seal &lt;hex SHA-256 of the seal record&gt;" so the signature covers the record (older checkpoints lack it).
/// </summary>
public sealed record Checkpoint(string Origin, long Size, byte[] Root, string Previous, string? SealHash = null)
{
    private const string PreviousPrefix = "trailnormalizer/prev ";
    private const string SealPrefix = "trailnormalizer/seal ";

    public string ToText() =>
        string.Create(CultureInfo.InvariantCulture, $"{Origin}\n{Size}\n{Convert.ToBase64String(Root)}\n{PreviousPrefix}{Previous}\n")
        + (SealHash is null ? "" : $"{SealPrefix}{SealHash}\n");

    public static Checkpoint Parse(string text)
    {
        string[] lines = text.Split('\n');
        if (lines.Length < 5 || lines[^1].Length != 0 || lines[0].Length == 0)
        {
            throw new FormatException("checkpoint must have origin, size, root and previous lines");
        }

        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size) || (lines[1].Length > 1 && lines[1][0] == '0'))
        {
            throw new FormatException($"checkpoint tree size is not a decimal number: {lines[1]}");
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("checkpoint root is not base64");
        }

        string? previous = lines.Skip(3).FirstOrDefault(l => l.StartsWith(PreviousPrefix, StringComparison.Ordinal))?[PreviousPrefix.Length..];
        if (root.Length != 32 || previous is null)
        {
            throw new FormatException("checkpoint root must be 32 bytes and name its predecessor");
        }

        string? sealHash = lines.Skip(3).FirstOrDefault(l => l.StartsWith(SealPrefix, StringComparison.Ordinal))?[SealPrefix.Length..];
        return new Checkpoint(lines[0], size, root, previous, sealHash);
    }
}
