using System.Security.Cryptography;
using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Tests.Merkle;

public class MerkleTests
{
    // The RFC 6962 test leaves used by Certificate Transparency implementations, and their published roots.
    private static readonly byte[][] VectorLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    private static readonly string[] VectorRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void Roots_match_the_published_RFC_6962_vectors()
    {
        MerkleHash.Root([]).Should().Equal(SHA256.HashData([]));
        for (int n = 1; n <= VectorLeaves.Length; n++)
        {
            var leaves = VectorLeaves.Take(n).Select(l => MerkleHash.Leaf(l)).ToList();
            Convert.ToHexStringLower(MerkleHash.Root(leaves)).Should().Be(VectorRoots[n - 1], $"size {n}");
        }
    }

    [Fact]
    public void Roots_match_a_brute_force_reference_for_every_size_up_to_64()
    {
        var data = Data(64);
        for (int n = 1; n <= 64; n++)
        {
            MerkleHash.Root(data.Take(n).Select(d => MerkleHash.Leaf(d)).ToList()).Should().Equal(Reference(data.Take(n).ToList()), $"size {n}");
        }
    }

    [Fact]
    public void Every_inclusion_proof_up_to_size_64_verifies_and_tampering_fails()
    {
        var data = Data(65);
        for (int n = 1; n <= 64; n++)
        {
            var leaves = data.Take(n).Select(d => MerkleHash.Leaf(d)).ToList();
            byte[] root = Reference(data.Take(n).ToList());
            for (int i = 0; i < n; i++)
            {
                var path = MerkleProofs.Inclusion(leaves, i);

                MerkleProofs.VerifyInclusion(leaves[i], i, n, path, root).Should().BeTrue($"leaf {i} of {n}");
                MerkleProofs.VerifyInclusion(MerkleHash.Leaf([0xFF]), i, n, path, root).Should().BeFalse();
                MerkleProofs.VerifyInclusion(leaves[i], i, n, path, Reference(data.Take(n + 1).ToList())).Should().BeFalse();
                MerkleProofs.VerifyInclusion(leaves[i], n, n, path, root).Should().BeFalse("the index must be inside the tree");
                if (n > 1)
                {
                    MerkleProofs.VerifyInclusion(leaves[i], (i + 1) % n, n, path, root).Should().BeFalse();
                    var tampered = path.Select(p => p.ToArray()).ToList();
                    tampered[0][5] ^= 1;
                    MerkleProofs.VerifyInclusion(leaves[i], i, n, tampered, root).Should().BeFalse();
                    MerkleProofs.VerifyInclusion(leaves[i], i, n, path.Skip(1).ToList(), root).Should().BeFalse();
                }
            }
        }
    }

    [Fact]
    public void Every_consistency_proof_up_to_size_64_verifies_and_tampering_fails()
    {
        var data = Data(64);
        var leaves = data.Select(d => MerkleHash.Leaf(d)).ToList();
        for (int n = 1; n <= 64; n++)
        {
            byte[] newRoot = Reference(data.Take(n).ToList());
            for (int m = 1; m <= n; m++)
            {
                byte[] oldRoot = Reference(data.Take(m).ToList());
                var proof = MerkleProofs.Consistency(leaves.Take(n).ToList(), m);

                MerkleProofs.VerifyConsistency(m, n, proof, oldRoot, newRoot).Should().BeTrue($"{m} → {n}");
                if (m < n)
                {
                    MerkleProofs.VerifyConsistency(m, n, proof, newRoot, newRoot).Should().BeFalse();
                    MerkleProofs.VerifyConsistency(m, n, proof, oldRoot, oldRoot).Should().BeFalse();
                    var tampered = proof.Select(p => p.ToArray()).ToList();
                    tampered[^1][0] ^= 0x80;
                    MerkleProofs.VerifyConsistency(m, n, tampered, oldRoot, newRoot).Should().BeFalse();
                }
            }
        }
    }

    [Fact]
    public void A_rewritten_history_is_not_consistent()
    {
        var data = Data(10);
        var forged = data.Select(d => d.ToArray()).ToList();
        forged[2][0] ^= 1;
        byte[] oldRoot = Reference(data.Take(5).ToList());
        var forgedLeaves = forged.Select(d => MerkleHash.Leaf(d)).ToList();

        var proof = MerkleProofs.Consistency(forgedLeaves, 5);

        MerkleProofs.VerifyConsistency(5, 10, proof, oldRoot, MerkleHash.Root(forgedLeaves)).Should().BeFalse();
    }

    private static List<byte[]> Data(int n) => Enumerable.Range(0, n).Select(i => new[] { (byte)i, (byte)(i * 7), (byte)'e' }).ToList();

    /// <summary>MTH straight from RFC 9162 §2.1.1, on the raw data.</summary>
    private static byte[] Reference(List<byte[]> d)
    {
        if (d.Count == 1)
        {
            return SHA256.HashData([0x00, .. d[0]]);
        }

        int k = 1;
        while (k * 2 < d.Count)
        {
            k *= 2;
        }

        return SHA256.HashData([0x01, .. Reference(d[..k]), .. Reference(d[k..])]);
    }
}
