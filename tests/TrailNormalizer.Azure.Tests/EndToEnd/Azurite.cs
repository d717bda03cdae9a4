using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>The Azurite the test script started (scripts/services/azurite.sh), and helpers over it.</summary>
internal static partial class Azurite
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("TRAILNORM_AZURITE_CONNECTION_STRING") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException("TRAILNORM_AZURITE_CONNECTION_STRING is not set: run scripts/test.sh, or eval \"$(scripts/services/azurite.sh start)\"");

    public static BlobServiceClient Service => new(ConnectionString);

    /// <summary>Azurite's blob port.</summary>
    public static int Port => Service.Uri.Port;

    /// <summary>The blob host the handler must allow for log blobs: <c>127.0.0.1:PORT</c>.</summary>
    public static string Host => $"{Service.Uri.Host}:{Service.Uri.Port}";

    /// <summary>The connection string with its blob endpoint moved to another local port (a proxy).</summary>
    public static string ConnectionStringVia(int port) => EndpointPort().Replace(ConnectionString, $"${{1}}{port}$2");

    /// <summary>A new empty container with a unique name.</summary>
    public static BlobContainerClient NewContainer(string prefix)
    {
        var container = Service.GetBlobContainerClient($"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)]);
        container.Create();
        return container;
    }

    /// <summary>Copies every blob of <paramref name="container"/> into a local evidence folder, key for key.</summary>
    public static LocalEvidenceStore Download(BlobContainerClient container, string directory)
    {
        var store = new LocalEvidenceStore(directory);
        foreach (var blob in container.GetBlobs())
        {
            var content = container.GetBlobClient(blob.Name).DownloadContent().Value.Content.ToArray();
            store.Put(blob.Name, content, DateTimeOffset.UtcNow.AddDays(RetentionPolicy.DefaultDays));
        }

        return store;
    }

    [GeneratedRegex(@"(BlobEndpoint=https?://127\.0\.0\.1:)\d+(/)")]
    private static partial Regex EndpointPort();
}
