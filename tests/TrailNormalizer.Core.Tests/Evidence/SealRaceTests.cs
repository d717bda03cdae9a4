using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Evidence;

/// <summary>Two sealers (a scheduled function overlapping a manual CLI seal) race for the same sequence number.</summary>
public sealed class SealRaceTests : IDisposable
{
    private const string Origin = "test.trailnormalizer/log";
    private readonly MemoryEvidenceStore _store = new();
    private readonly TestSigner _signer = new();

    public void Dispose() => _signer.Dispose();

    /// <summary>Runs a whole seal of another sealer just before this sealer's first write of a seal record.</summary>
    private sealed class RacingStore(MemoryEvidenceStore inner, Action race, int races = 1) : IEvidenceStore
    {
        private int _races = races;

        public void Put(string key, ReadOnlyMemory<byte> content, DateTimeOffset retainUntil)
        {
            if (key.StartsWith(SealRecord.SealsPrefix, StringComparison.Ordinal) && _races-- > 0)
            {
                race();
            }

            inner.Put(key, content, retainUntil);
        }

        public Stream OpenRead(string key) => inner.OpenRead(key);

        public IEnumerable<string> List(string prefix) => inner.List(prefix);

        public bool Exists(string key) => inner.Exists(key);
    }

    private void Write(int events)
    {
        using var writer = new EvidenceWriter(_store, TimeProvider.System);
        foreach (var e in Normalize.Text(CloudTrailSamples.LogFile(events)).Events)
        {
            writer.Normalized(e);
        }

        writer.Flush();
    }

    private void SealElsewhere() => new Sealer(_store, _signer, Origin, TimeProvider.System).Seal();

    [Fact]
    public void The_loser_of_a_race_seals_again_on_top_of_the_winner_and_the_chain_verifies()
    {
        Write(3);
        var racing = new RacingStore(_store, () =>
        {
            SealElsewhere();
            Write(2);
        });

        var result = new Sealer(racing, _signer, Origin, TimeProvider.System).Seal();

        result.Sequence.Should().Be(1, "sequence 0 was taken by the other sealer");
        result.Appended.Should().Be(1, "only the batch written after the winner's seal is new");
        var report = EvidenceVerifier.Verify(_store, _signer.PublicKeySpki);
        report.Findings.Should().BeEmpty();
        report.Checkpoints.Should().Be(2);
    }

    [Fact]
    public void Losing_twice_is_left_to_the_caller()
    {
        Write(3);
        var racing = new RacingStore(_store, () =>
        {
            SealElsewhere();
            Write(1);
        }, races: 2);

        var seal = () => new Sealer(racing, _signer, Origin, TimeProvider.System).Seal();

        seal.Should().Throw<EvidenceExistsException>();
        EvidenceVerifier.Verify(_store, _signer.PublicKeySpki).Findings.Should().BeEmpty("the winners' chain is intact");
    }
}
