using TrailNormalizer.Core.Merkle;

namespace TrailNormalizer.Core.Tests.Merkle;

/// <summary>The worked 7-entry example of the C2SP merkle-tree specification: its labelled proofs, node for node.</summary>
public class C2spExampleTests
{
    private static readonly List<byte[]> Leaves = Enumerable.Range(0, 7).Select(i => MerkleHash.Leaf([(byte)('a' + i), (byte)i])).ToList();

    // Labels from the specification: a..g leaves, h = (a,b), i = (c,d), j = (e,f), k = (h,i), l = (j,g).
    private static byte[] A => Leaves[0];
    private static byte[] B => Leaves[1];
    private static byte[] C => Leaves[2];
    private static byte[] D => Leaves[3];
    private static byte[] E => Leaves[4];
    private static byte[] F => Leaves[5];
    private static byte[] G => Leaves[6];
    private static byte[] H => MerkleHash.Node(A, B);
    private static byte[] I => MerkleHash.Node(C, D);
    private static byte[] J => MerkleHash.Node(E, F);
    private static byte[] K => MerkleHash.Node(H, I);
    private static byte[] L => MerkleHash.Node(J, G);

    [Fact]
    public void Root_is_k_l() => MerkleHash.Root(Leaves).Should().Equal(MerkleHash.Node(K, L));

    [Fact]
    public void Inclusion_proofs_are_the_specified_ones()
    {
        MerkleProofs.Inclusion(Leaves, 0).Should().BeEquivalentTo(new[] { B, I, L }, o => o.WithStrictOrdering());
        MerkleProofs.Inclusion(Leaves, 3).Should().BeEquivalentTo(new[] { C, H, L }, o => o.WithStrictOrdering());
        MerkleProofs.Inclusion(Leaves, 4).Should().BeEquivalentTo(new[] { F, G, K }, o => o.WithStrictOrdering());
        MerkleProofs.Inclusion(Leaves, 6).Should().BeEquivalentTo(new[] { J, K }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Consistency_proofs_are_the_specified_ones_and_verify()
    {
        MerkleProofs.Consistency(Leaves, 3).Should().BeEquivalentTo(new[] { C, D, H, L }, o => o.WithStrictOrdering());
        MerkleProofs.Consistency(Leaves, 4).Should().BeEquivalentTo(new[] { L }, o => o.WithStrictOrdering());
        MerkleProofs.Consistency(Leaves, 6).Should().BeEquivalentTo(new[] { J, G, K }, o => o.WithStrictOrdering());
        byte[] root = MerkleHash.Root(Leaves);
        foreach (int m in new[] { 3, 4, 6 })
        {
            MerkleProofs.VerifyConsistency(m, 7, MerkleProofs.Consistency(Leaves, m), MerkleHash.Root(Leaves.Take(m).ToList()), root).Should().BeTrue();
        }
    }
}
