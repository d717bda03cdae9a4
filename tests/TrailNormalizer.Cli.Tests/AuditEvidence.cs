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

    public static void Run(params string[] args)
    {
        var run = CliRun.Of(args);
        run.ExitCode.Should().Be(0, $"trailnorm {string.Join(' ', args)}: {run.Error}");
    }

    public void Dispose() => Dir.Dispose();
}
