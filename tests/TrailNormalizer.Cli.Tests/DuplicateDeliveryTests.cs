namespace TrailNormalizer.Cli.Tests;

/// <summary>Copies of one delivered event are recognised and counted once; one uid on two different records is a conflict.</summary>
public sealed class DuplicateDeliveryTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Evidence => _dir["ev"];

    [Fact]
    public void Stored_copies_are_counted_as_duplicate_deliveries_and_sampled_once()
    {
        Inputs.WriteLogFile(_dir["a.json"], 5);
        CliRun.Of("normalize", "--out", Evidence, _dir["a.json"]).ExitCode.Should().Be(0);
        CliRun.Of("normalize", "--out", Evidence, "--reingest", _dir["a.json"]).ExitCode.Should().Be(0);

        var verify = CliRun.Of("verify", Evidence);
        verify.ExitCode.Should().Be(0, verify.Out);
        verify.Error.Should().Contain("verify: duplicate deliveries: 5 (same uid, same raw record");

        CliRun.Of("report", Evidence).Out.Should().Contain("| duplicate deliveries | 5 extra stored copies");
        var sample = CliRun.Of("sample", Evidence, "--count", "100", "--seed", "s");
        sample.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5);
    }

    [Fact]
    public void The_same_uid_on_different_records_is_reported_as_a_conflict_without_failing_intact_evidence()
    {
        Inputs.WriteLogFile(_dir["a.json"], 3);
        File.WriteAllText(_dir["b.json"], File.ReadAllText(_dir["a.json"]).Replace("ListBuckets", "DeleteBucket", StringComparison.Ordinal));
        CliRun.Of("normalize", "--out", Evidence, _dir["a.json"], _dir["b.json"]).ExitCode.Should().Be(0);

        var verify = CliRun.Of("verify", Evidence);

        verify.ExitCode.Should().Be(0, "the trail itself is intact");
        verify.Out.Should().Contain("conflict: cli-000000: metadata.uid stored with different raw records");
        verify.Error.Should().Contain("uid conflicts: 3");
        verify.Error.Should().Contain("duplicate deliveries: 0");
    }
}
