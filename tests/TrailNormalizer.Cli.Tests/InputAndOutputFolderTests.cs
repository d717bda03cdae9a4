namespace TrailNormalizer.Cli.Tests;

/// <summary>What <c>normalize</c> reads and where it refuses to write: evidence folders and folder links are not input, links under --out are refused.</summary>
public sealed class InputAndOutputFolderTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_input_folder_with_link_loops_and_an_evidence_folder_yields_each_real_record_once()
    {
        string input = _dir["in"];
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        Inputs.WriteLogFile(Path.Combine(input, "a.json"), 10);
        Inputs.WriteLogFile(Path.Combine(input, "sub", "b.json"), 10, offset: 100);
        CliRun.Of("normalize", "--out", Path.Combine(input, "old-evidence"), Path.Combine(input, "a.json")).ExitCode.Should().Be(0);
        Directory.CreateSymbolicLink(Path.Combine(input, "sub", "loop"), input);
        Directory.CreateSymbolicLink(Path.Combine(input, "loop2"), Path.Combine(input, "sub"));
        File.CreateSymbolicLink(Path.Combine(input, "sub", "c.json"), Path.Combine(input, "a.json"));

        var run = CliRun.Of("normalize", "--out", _dir["ev"], input);

        run.ExitCode.Should().Be(0, run.Error);
        // a.json and b.json once each; c.json, a link to a.json, is read as that file and recognised as the same content.
        run.Out.Should().StartWith("normalized 20 of 20 records from 3 files; quarantined 0;");
        run.Error.Should().Contain($"skipped {Path.Combine(input, "sub", "c.json")}: same content as {Path.Combine(input, "a.json")}, read earlier in this run");
        run.Error.Should().Contain($"skipped {Path.Combine(input, "old-evidence")}: an evidence folder, not input")
            .And.Contain($"skipped {Path.Combine(input, "sub", "loop")}: a symbolic link to a folder, not followed")
            .And.Contain($"skipped {Path.Combine(input, "loop2")}: a symbolic link to a folder, not followed");
    }

    [Fact]
    public void A_link_under_out_is_refused_before_anything_is_written()
    {
        string outside = Directory.CreateDirectory(_dir["outside"]).FullName;
        Directory.CreateDirectory(_dir["ev"]);
        Directory.CreateSymbolicLink(_dir["ev/events"], outside);
        Inputs.WriteLogFile(_dir["a.json"], 5);

        var run = CliRun.Of("normalize", "--out", _dir["ev"], _dir["a.json"]);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Be($"trailnorm: error: --out {_dir["ev"]} contains a symbolic link (events); refusing to write evidence through it\n");
        Directory.EnumerateFileSystemEntries(outside).Should().BeEmpty();
        Directory.EnumerateFileSystemEntries(_dir["ev"]).Should().ContainSingle();
    }

    [Fact]
    public void Verify_reports_a_link_planted_in_the_evidence_folder()
    {
        Inputs.WriteLogFile(_dir["a.json"], 5);
        CliRun.Of("normalize", "--out", _dir["ev"], _dir["a.json"]).ExitCode.Should().Be(0);
        Directory.CreateDirectory(_dir["outside"]);
        Directory.CreateSymbolicLink(_dir["ev/events/more"], _dir["outside"]);

        var run = CliRun.Of("verify", _dir["ev"]);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("extra: events/more: a symbolic link inside the evidence folder");
    }

    [Fact]
    public void Leftover_temporary_files_of_a_dead_writer_are_reported_and_cleaned_by_the_next_run()
    {
        Inputs.WriteLogFile(_dir["a.json"], 5);
        CliRun.Of("normalize", "--out", _dir["ev"], _dir["a.json"]).ExitCode.Should().Be(0);
        // What a writer killed mid-write leaves: its lock (now held by nobody) and a half-written file.
        Directory.CreateDirectory(_dir["ev/.tmp/deadwriter"]);
        File.WriteAllText(_dir["ev/.tmp/deadwriter.lock"], "");
        File.WriteAllText(_dir["ev/.tmp/deadwriter/0123"], "half a batch");

        CliRun.Of("verify", _dir["ev"]).Error.Should().Contain("leftover temporary file of an interrupted write (removed by the next normalize): .tmp/deadwriter/0123");

        Inputs.WriteLogFile(_dir["b.json"], 5, offset: 50);
        var next = CliRun.Of("normalize", "--out", _dir["ev"], _dir["b.json"]);
        next.Error.Should().Contain("removed 1 leftover temporary files");
        Directory.EnumerateFiles(_dir["ev/.tmp"], "*", SearchOption.AllDirectories).Should().BeEmpty();
        CliRun.Of("verify", _dir["ev"]).Error.Should().NotContain("leftover");
    }

    [Fact]
    public void A_live_writers_temporary_folder_is_not_a_leftover()
    {
        using var store = new TrailNormalizer.Core.Evidence.LocalEvidenceStore(_dir["ev"]);
        store.Put("events/x/a.ndjson.gz", new byte[] { 1 }, DateTimeOffset.UtcNow);
        File.WriteAllText(Directory.EnumerateDirectories(_dir["ev/.tmp"]).Single() + "/in-flight", "being written");

        TrailNormalizer.Core.Evidence.TempFiles.Leftovers(_dir["ev"]).Should().BeEmpty();
        TrailNormalizer.Core.Evidence.TempFiles.CleanLeftovers(_dir["ev"]).Should().Be(0);
    }
}
