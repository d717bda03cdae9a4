namespace TrailNormalizer.Cli.Tests;

public class VerifyCommandTests
{
    private static (TempDir Dir, string Evidence) Evidence()
    {
        var dir = new TempDir();
        Inputs.WriteLogFile(dir["a.json"], 12);
        File.WriteAllText(dir["b.jsonl"], "nonsense\n");
        CliRun.Of("normalize", "--out", dir["ev"], dir["a.json"], dir["b.jsonl"]).ExitCode.Should().Be(0);
        return (dir, dir["ev"]);
    }

    private static string AnyBatch(string evidence, string prefix = "events") =>
        Directory.EnumerateFiles(Path.Combine(evidence, prefix), "*.ndjson.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();

    [Fact]
    public void Intact_evidence_verifies()
    {
        var (dir, evidence) = Evidence();
        using (dir)
        {
            var run = CliRun.Of("verify", evidence);

            run.ExitCode.Should().Be(0);
            run.Out.Should().BeEmpty();
            run.Error.Should().Contain("intact").And.Contain("12 events").And.Contain("1 quarantined");
        }
    }

    [Fact]
    public void An_altered_batch_is_reported_by_name()
    {
        var (dir, evidence) = Evidence();
        using (dir)
        {
            string batch = AnyBatch(evidence);
            File.SetUnixFileMode(batch, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var bytes = File.ReadAllBytes(batch);
            bytes[^10] ^= 0xFF;
            File.WriteAllBytes(batch, bytes);

            var run = CliRun.Of("verify", evidence);

            run.ExitCode.Should().Be(1);
            run.Out.Trim().Should().StartWith("altered: events/").And.Contain(Path.GetFileName(batch)).And.Contain("sha256");
        }
    }

    [Fact]
    public void A_deleted_batch_is_reported_missing()
    {
        var (dir, evidence) = Evidence();
        using (dir)
        {
            string batch = AnyBatch(evidence, "quarantine");
            File.Delete(batch);

            var run = CliRun.Of("verify", evidence);

            run.ExitCode.Should().Be(1);
            run.Out.Trim().Should().StartWith("missing: quarantine/").And.Contain(Path.GetFileName(batch));
        }
    }

    [Fact]
    public void An_added_file_is_reported_extra()
    {
        var (dir, evidence) = Evidence();
        using (dir)
        {
            string batch = AnyBatch(evidence);
            string planted = Path.Combine(Path.GetDirectoryName(batch)!, "planted.ndjson.gz");
            File.Copy(batch, planted);

            var run = CliRun.Of("verify", evidence);

            run.ExitCode.Should().Be(1);
            run.Out.Trim().Should().StartWith("extra: events/").And.EndWith("planted.ndjson.gz: not listed in any manifest");
        }
    }

    [Fact]
    public void A_rewritten_batch_with_a_matching_forged_manifest_hash_still_fails_on_the_manifest_name_check()
    {
        var (dir, evidence) = Evidence();
        using (dir)
        {
            // Swap two batches' contents: each still has a valid manifest, but not its own.
            var batches = Directory.EnumerateFiles(Path.Combine(evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Take(2).ToList();
            byte[] first = File.ReadAllBytes(batches[0]);
            byte[] second = File.ReadAllBytes(batches[1]);
            foreach (var b in batches)
            {
                File.SetUnixFileMode(b, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllBytes(batches[0], second);
            File.WriteAllBytes(batches[1], first);

            var run = CliRun.Of("verify", evidence);

            run.ExitCode.Should().Be(1);
            run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2).And.OnlyContain(l => l.StartsWith("altered: ", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_missing_folder_is_an_error()
    {
        var run = CliRun.Of("verify", "/nonexistent/evidence");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("evidence folder not found");
    }
}
