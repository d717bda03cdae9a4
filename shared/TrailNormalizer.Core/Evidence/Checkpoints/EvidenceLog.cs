using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>The sealed log as stored: seal records and checkpoint notes, read back in sequence order.</summary>
public sealed class EvidenceLog
{
    private EvidenceLog(IReadOnlyList<SealRecord> seals, IReadOnlyList<string> sealHashes, IReadOnlyList<string?> checkpoints)
    {
        Seals = seals;
        SealHashes = sealHashes;
        Checkpoints = checkpoints;
    }

    public IReadOnlyList<SealRecord> Seals { get; }

    /// <summary>The hex SHA-256 of each seal record's stored bytes, which its checkpoint names.</summary>
    public IReadOnlyList<string> SealHashes { get; }

    /// <summary>The checkpoint note of each seal (null where it is missing).</summary>
    public IReadOnlyList<string?> Checkpoints { get; }

    /// <summary>Every sealed manifest key in log order.</summary>
    public IEnumerable<string> Leaves => Seals.SelectMany(s => s.Appended);

    /// <summary>Every batch object a seal recorded as abandoned (not evidence), with the seal's sequence number.</summary>
    public IEnumerable<(long Seal, AbandonedObject Object)> Abandoned => Seals.SelectMany(s => s.Abandoned.Select(a => (s.Sequence, a)));

    /// <summary>Reads seals 0, 1, 2, ... until the first gap; <paramref name="problems"/> gets unreadable records.</summary>
    public static EvidenceLog Read(IEvidenceStore store, List<VerifyFinding>? problems = null)
    {
        var seals = new List<SealRecord>();
        var sealHashes = new List<string>();
        var checkpoints = new List<string?>();
        for (long seq = 0; store.Exists(SealRecord.SealKey(seq)); seq++)
        {
            try
            {
                byte[] record = ReadAll(store, SealRecord.SealKey(seq));
                seals.Add(SealRecord.Parse(record));
                sealHashes.Add(Convert.ToHexStringLower(SHA256.HashData(record)));
            }
            catch (FormatException ex)
            {
                problems?.Add(new VerifyFinding("altered", SealRecord.SealKey(seq), ex.Message));
                break;
            }

            string checkpointKey = SealRecord.CheckpointKey(seq);
            checkpoints.Add(store.Exists(checkpointKey) ? Encoding.UTF8.GetString(ReadAll(store, checkpointKey)) : null);
        }

        return new EvidenceLog(seals, sealHashes, checkpoints);
    }

    /// <summary>The hex SHA-256 of a checkpoint note, which the next checkpoint names as its predecessor.</summary>
    public static string NoteHash(string note) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(note)));

    internal static byte[] ReadAll(IEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
