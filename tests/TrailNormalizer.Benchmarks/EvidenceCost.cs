using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Evidence.Proofs;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// The cost of the auditor's side at scale: normalize N generated events into a temporary evidence folder,
/// then time seal, verify (with signatures) and one proof, against a baseline in the same run: reading
/// and SHA-256-hashing every batch object once, the least any verification must do.
/// </summary>
public static class EvidenceCost
{
    public static void Run(int events)
    {
        string root = Directory.CreateTempSubdirectory("trailnorm-cost-").FullName;
        try
        {
            Measure(root, events);
        }
        finally
        {
            foreach (var f in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            Directory.Delete(root, true);
        }
    }

    private static void Measure(string root, int events)
    {
        var store = new LocalEvidenceStore(Path.Combine(root, "ev"));
        var clock = Stopwatch.StartNew();
        using (var writer = new EvidenceWriter(store, TimeProvider.System))
        {
            var router = new RecordRouter(InputLimits.Default, TimeProvider.System);
            const int chunk = 50_000;
            for (int done = 0; done < events; done += chunk)
            {
                byte[] file = SyntheticCloudTrail.LogFile(Math.Min(chunk, events - done), done);
                NormalizationPipeline.ProcessStream(new MemoryStream(file), "gen.json", false, router, writer, InputLimits.Default);
            }

            writer.Flush();
        }

        double normalizeSeconds = clock.Elapsed.TotalSeconds;
        var batches = store.List(EvidenceKeys.EventsPrefix).Where(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal)).ToList();
        long bytes = batches.Sum(k => new FileInfo(Path.Combine(store.Root, k)).Length);

        clock.Restart();
        foreach (string key in batches)
        {
            using var stream = store.OpenRead(key);
            SHA256.HashData(stream);
        }

        double baseline = clock.Elapsed.TotalSeconds;

        var (privatePem, publicPem) = LocalKeySigner.Generate();
        File.WriteAllText(Path.Combine(root, "k.key"), privatePem);
        using var signer = LocalKeySigner.FromPemFile(Path.Combine(root, "k.key"));
        clock.Restart();
        var seal = new Sealer(store, signer, "bench.local/log", TimeProvider.System).Seal();
        double sealSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var report = EvidenceVerifier.Verify(store, signer.PublicKeySpki);
        double verifySeconds = clock.Elapsed.TotalSeconds;
        if (!report.Intact)
        {
            throw new InvalidOperationException("verify found problems: " + report.Findings[0]);
        }

        var builder = new ProofBuilder(store, signer.PublicKeySpki);
        var proof = builder.Build(batches[batches.Count / 2], 0);
        byte[] proofBytes = proof.ToJson();
        var parsed = EventProof.Parse(proofBytes);
        clock.Restart();
        const int rounds = 200;
        for (int i = 0; i < rounds; i++)
        {
            if (ProofVerifier.Verify(parsed, signer.PublicKeySpki) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }
        }

        double proofMs = clock.Elapsed.TotalMilliseconds / rounds;
        double mb = bytes / 1e6;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"""
            events {events:N0} in {batches.Count:N0} batches, {mb:N1} MB gzip on disk (normalize took {normalizeSeconds:N1} s)
            baseline: read + SHA-256 every batch     {baseline,8:N2} s {mb / baseline,8:N1} MB/s  x1.00
            seal (log tree of {seal.TreeSize:N0} batches, sign) {sealSeconds,8:N2} s {mb / sealSeconds,8:N1} MB/s  x{sealSeconds / baseline:N2}
            verify (hashes, Merkle roots, chain)  {verifySeconds,8:N2} s {mb / verifySeconds,8:N1} MB/s  x{verifySeconds / baseline:N2}
            one proof: {proofBytes.Length:N0} bytes ({proof.BatchPath.Count} + {proof.LogPath.Count} hashes), verify-proof {proofMs:N3} ms
            """));
    }
}
