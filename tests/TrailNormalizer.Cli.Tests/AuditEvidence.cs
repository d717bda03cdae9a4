using System.Text.Json;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Cli.Tests;

/// <summary>The demo evidence (scripts/demo.sh): the shipped examples/ normalized, sealed with a fresh key.</summary>
public sealed class AuditEvidence : IDisposable
{
    public AuditEvidence()
    {
        Run("normalize", "--out", Dir["ev"], Path.Combine(RepoPaths.Root, "examples"));
        Run("keygen", "--out", Dir["k"]);
        Run("seal", Dir["ev"], "--key", Dir["k.key"]);
    }

    public TempDir Dir { get; } = new();

    public string Evidence => Dir["ev"];

    public string PublicKey => Dir["k.pub"];

    public string PrivateKey => Dir["k.key"];

    /// <summary>Runs <c>trailnorm audit</c> on the evidence with the example arguments plus <paramref name="extra"/>.</summary>
    public CliRun Audit(string pack, params string[] extra) =>
        CliRun.Of(["audit", Evidence, "--pubkey", PublicKey, "--control", "soc2:CC7.2", "--sample", "5", "--seed", "q3", "--out", pack, "--auditor", "Test Auditor", .. extra]);

    /// <summary>How many batches the evidence holds (the log's tree size after one seal).</summary>
    public int Batches => Directory.GetFiles(Path.Combine(Evidence, "events"), "*.manifest.json", SearchOption.AllDirectories).Length;

    /// <summary>The accounts/regions the evidence holds (one chart lane each).</summary>
    public int Partitions => Directory.GetDirectories(Path.Combine(Evidence, "events"), "region=*", SearchOption.AllDirectories).Length;

    /// <summary>The stored events carrying <paramref name="label"/> (e.g. control:soc2:CC7.2), read with 'trailnorm cat' and 'cat --findings'.</summary>
    public List<JsonElement> EventsWith(string label) =>
        (CliRun.Of("cat", Evidence).StdoutText + CliRun.Of("cat", Evidence, "--findings").StdoutText).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("metadata").TryGetProperty("labels", out var labels) && labels.EnumerateArray().Any(x => x.GetString() == label))
            .ToList();

    public static void Run(params string[] args)
    {
        var run = CliRun.Of(args);
        run.ExitCode.Should().Be(0, $"trailnorm {string.Join(' ', args)}: {run.Error}");
    }

    public void Dispose() => Dir.Dispose();
}
