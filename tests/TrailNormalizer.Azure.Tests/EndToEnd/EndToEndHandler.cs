using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>
/// One test's world: a fresh evidence container in Azurite, a local signing key, and the published handler started
/// in development mode against them (optionally through a <see cref="CuttableTcpProxy"/>).
/// </summary>
internal sealed class EndToEndHandler : IDisposable
{
    public const string WebhookKey = "e2e-webhook-key-0123456789";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "trailnorm-e2e", Guid.NewGuid().ToString("N"));

    public EndToEndHandler(CuttableTcpProxy? proxy = null)
    {
        Directory.CreateDirectory(_root);
        Container = Azurite.NewContainer("evidence");
        var (privatePem, publicPem) = LocalKeySigner.Generate();
        KeyFile = Path.Combine(_root, "checkpoint-key.pem");
        File.WriteAllText(KeyFile, privatePem);
        using (var ec = System.Security.Cryptography.ECDsa.Create())
        {
            ec.ImportFromPem(publicPem);
            PublicKeySpki = ec.ExportSubjectPublicKeyInfo();
        }

        Process = HandlerProcess.Start(Settings(proxy is null ? Azurite.ConnectionString : Azurite.ConnectionStringVia(proxy.Port)));
    }

    public BlobContainerClient Container { get; }

    public string KeyFile { get; }

    public byte[] PublicKeySpki { get; }

    public HandlerProcess Process { get; }

    public Dictionary<string, string> Settings(string evidenceConnectionString) => new()
    {
        ["TRAILNORM_DEVELOPMENT_MODE"] = "true",
        ["TRAILNORM_EVIDENCE_CONNECTION_STRING"] = evidenceConnectionString,
        ["TRAILNORM_EVIDENCE_CONTAINER"] = Container.Name,
        ["TRAILNORM_SOURCE_ACCOUNTS"] = Azurite.Host,
        ["TRAILNORM_SOURCE_CONNECTION_STRING"] = Azurite.ConnectionString,
        ["TRAILNORM_WEBHOOK_KEY"] = WebhookKey,
        ["TRAILNORM_SIGNING_KEY_FILE"] = KeyFile,
        ["TRAILNORM_LOG_ORIGIN"] = "trailnormalizer/e2e",
    };

    /// <summary>Downloads the evidence container to a fresh local folder.</summary>
    public LocalEvidenceStore Download() => Azurite.Download(Container, Path.Combine(_root, "download-" + Guid.NewGuid().ToString("N")));

    /// <summary>Every stored event (or quarantine item) line, parsed.</summary>
    public List<JsonElement> Stored(string prefix = EvidenceKeys.EventsPrefix)
    {
        using var lines = new MemoryStream();
        EvidenceReader.CopyLines(Download(), prefix, lines);
        return Encoding.UTF8.GetString(lines.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 512 }).RootElement.Clone()).ToList();
    }

    /// <summary>The metadata.uid of every stored event (detection findings the handler derived from them excluded).</summary>
    public List<string> StoredUids() => Stored().Where(e => !IsDerivedFinding(e)).Select(e => e.GetProperty("metadata").GetProperty("uid").GetString()!).ToList();

    /// <summary>A detection finding TrailNormalizer produced by escalating a rule match (not a source event).</summary>
    public static bool IsDerivedFinding(JsonElement e) =>
        e.GetProperty("class_uid").GetInt32() == 2004 && e.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString() == "TrailNormalizer";

    public void Dispose()
    {
        Process.Dispose();
        Container.DeleteIfExists();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
