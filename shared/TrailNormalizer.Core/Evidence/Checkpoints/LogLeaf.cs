using System.Globalization;
using System.Text;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>
/// A batch as a leaf of the log-level Merkle tree: its object key, object SHA-256, Merkle root over its
/// events and event count, so a checkpoint commits to every byte of every sealed batch.
/// </summary>
public static class LogLeaf
{
    public static byte[] Data(BatchManifest manifest) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{BatchManifest.FormatName}\n{manifest.ObjectKey}\n{manifest.Sha256}\n{manifest.MerkleRoot}\n{manifest.Count}\n"));

    public static byte[] Hash(BatchManifest manifest) => MerkleHash.Leaf(Data(manifest));
}
