using System.Globalization;
using System.Text;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Mapping;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>
/// The whole evidence chain on Blob storage (Azurite): the writer files batches, the sealer signs checkpoints with a
/// local key, and everything downloaded to a folder verifies with the Core verifier and the public key.
/// </summary>
public sealed class BlobEvidenceChainTests : IDisposable
{
    private const string Origin = "trailnormalizer/azurite-test";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "trailnorm-blob-" + Guid.NewGuid().ToString("N"));
    private readonly LocalKeySigner _signer;
    private readonly List<string> _log = [];

    public BlobEvidenceChainTests()
    {
        Directory.CreateDirectory(_folder);
        var (privatePem, _) = LocalKeySigner.Generate();
        string keyFile = Path.Combine(_folder, "checkpoint.key");
        File.WriteAllText(keyFile, privatePem);
        _signer = LocalKeySigner.FromPemFile(keyFile);
        File.Delete(keyFile);
    }

    [Fact]
    public void Batches_and_signed_checkpoints_written_to_blob_verify_after_download()
    {
        var store = BlobEvidenceStore.Open(Azurite.NewContainer(), development: true, _log.Add, prefix: "tenant-a");
        var sealer = new Sealer(store, _signer, Origin, TimeProvider.System);

        Write(store, events: 23, quarantined: 2, firstId: 0);
        var firstSeal = sealer.Seal();
        Write(store, events: 7, quarantined: 0, firstId: 100);
        var secondSeal = sealer.Seal();

        firstSeal.Sequence.Should().Be(0);
        secondSeal.Sequence.Should().Be(1);
        secondSeal.TreeSize.Should().Be(firstSeal.TreeSize + secondSeal.Appended);
        store.List(EvidenceKeys.EventsPrefix).Should().OnlyContain(k => k.EndsWith(EvidenceKeys.BatchSuffix, StringComparison.Ordinal) || k.EndsWith(EvidenceKeys.ManifestSuffix, StringComparison.Ordinal));

        string downloaded = Download(store);
        var report = EvidenceVerifier.Verify(new LocalEvidenceStore(downloaded), _signer.PublicKeySpki);

        report.Findings.Should().BeEmpty();
        report.Intact.Should().BeTrue();
        report.Events.Should().Be(30);
        report.QuarantineItems.Should().Be(2);
        report.Checkpoints.Should().Be(2);
        EvidenceVerifier.Verify(store, _signer.PublicKeySpki).Intact.Should().BeTrue("the verifier also reads the Blob store directly");
        _log.Should().Contain(line => line.Contains(WormCheck.NotWormWarning, StringComparison.Ordinal));
    }

    [Fact]
    public void Checkpoints_from_blob_do_not_verify_with_another_key()
    {
        var store = BlobEvidenceStore.Open(Azurite.NewContainer(), development: true, _log.Add);
        Write(store, events: 3, quarantined: 0, firstId: 0);
        new Sealer(store, _signer, Origin, TimeProvider.System).Seal();
        using var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);

        var report = EvidenceVerifier.Verify(new LocalEvidenceStore(Download(store)), other.ExportSubjectPublicKeyInfo());

        report.Intact.Should().BeFalse();
    }

    public void Dispose()
    {
        _signer.Dispose();
        foreach (string file in Directory.EnumerateFiles(_folder, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private static void Write(BlobEvidenceStore store, int events, int quarantined, int firstId)
    {
        using var writer = new EvidenceWriter(store, TimeProvider.System, new EvidenceWriterOptions { MaxEventsPerBatch = 5 });
        long baseTime = DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeMilliseconds();
        for (int i = 0; i < events; i++)
        {
            int id = firstId + i;
            string region = id % 2 == 0 ? "westeurope" : "eastus";
            string json = string.Create(CultureInfo.InvariantCulture,
                $$$"""{"class_uid":6003,"time":{{{baseTime + id}}},"metadata":{"uid":"evt-{{{id}}}"},"cloud":{"provider":"Azure","region":"{{{region}}}"}}""");
            writer.Normalized(new NormalizedEvent(Encoding.UTF8.GetBytes(json), 6003, baseTime + id, new EvidencePartition("azure", "sub-1", region), $"evt-{id}"));
        }

        for (int i = 0; i < quarantined; i++)
        {
            writer.Quarantined(new QuarantineItem("not JSON", $"PT1H.json:line {i + 1}", Encoding.UTF8.GetBytes($"garbage {i}")));
        }

        writer.Flush();
    }

    private string Download(BlobEvidenceStore store)
    {
        string root = Path.Combine(_folder, "download-" + Guid.NewGuid().ToString("N"));
        foreach (string key in store.List(""))
        {
            string path = Path.Combine(root, key.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var source = store.OpenRead(key);
            using var target = File.Create(path);
            source.CopyTo(target);
        }

        return root;
    }
}
