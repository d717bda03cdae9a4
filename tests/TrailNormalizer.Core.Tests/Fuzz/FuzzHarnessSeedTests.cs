using TrailNormalizer.Fuzz.Harnesses;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Fuzz;

/// <summary>
/// Every fuzz harness runs once over its seed corpus (tests/fuzz-corpus/HARNESS, which also keeps the inputs the
/// fuzzers found crashes with): the harnesses keep compiling and keep agreeing with the product, and every input
/// that once broke a contract is replayed.
/// </summary>
public sealed class FuzzHarnessSeedTests
{
    public static TheoryData<string> Harnesses() => new(FuzzTargets.All.Keys);

    [Theory]
    [MemberData(nameof(Harnesses))]
    public void The_harness_accepts_every_input_of_its_seed_corpus(string harness)
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "fuzz-corpus", harness)).Order(StringComparer.Ordinal).ToList();
        files.Should().NotBeEmpty();

        var failures = new List<string>();
        foreach (string file in files)
        {
            try
            {
                FuzzTargets.All[harness](File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetFileName(file)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        failures.Should().BeEmpty();
    }

    [Fact]
    public void A_harness_reports_a_broken_contract_as_a_crash()
    {
        // A proof that verifies, with its event altered, must not: the evidence harness's seed must reach that check.
        byte[] proof = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fuzz-corpus", "evidence", "proof.json"));
        var parsed = Core.Evidence.Proofs.EventProof.Parse(proof);
        Core.Evidence.Proofs.ProofVerifier.Verify(parsed, EvidenceHarness.TestKey.PublicKeySpki).Should().BeNull("the seed proof is signed with the harness's test key");

        var run = () => StoredEvidence.CheckEvent("""{"raw_data":"{}","raw_data_hash":{"value":"00"}}"""u8.ToArray());
        run.Should().Throw<ContractViolationException>().WithMessage("*raw_data_hash*");
    }
}
