using System.IO.Compression;
using System.Text.Json;

namespace TrailNormalizer.Cli.Tests;

/// <summary>Four <c>normalize</c> processes into one evidence folder at the same time.</summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Evidence => _dir["ev"];

    [Fact]
    public async Task Four_writers_over_different_inputs_all_succeed_and_store_every_record_once()
    {
        for (int i = 0; i < 4; i++)
        {
            Inputs.WriteLogFile(_dir[$"in{i}.json"], 3000, offset: i * 10_000);
        }

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => TrailnormProcess.RunAsync("normalize", "--out", Evidence, "--batch-size", "50", _dir[$"in{i}.json"])));

        foreach (var run in runs)
        {
            run.ExitCode.Should().Be(0, run.Error);
        }

        EvidenceUids().Should().HaveCount(12_000).And.OnlyHaveUniqueItems();
        var verify = CliRun.Of("verify", Evidence);
        verify.ExitCode.Should().Be(0, verify.Out);
        Directory.EnumerateFiles(Path.Combine(Evidence, ".tmp"), "*", SearchOption.AllDirectories).Should().BeEmpty();
    }

    private List<string> EvidenceUids()
    {
        var uids = new List<string>();
        foreach (string batch in Directory.EnumerateFiles(Path.Combine(Evidence, "events"), "*.ndjson.gz", SearchOption.AllDirectories))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(batch), CompressionMode.Decompress));
            while (reader.ReadLine() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                uids.Add(doc.RootElement.GetProperty("metadata").GetProperty("uid").GetString()!);
            }
        }

        return uids;
    }
}
