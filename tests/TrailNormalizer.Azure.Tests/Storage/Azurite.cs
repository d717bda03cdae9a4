using Azure.Storage.Blobs;
using TrailNormalizer.Azure.Storage;

namespace TrailNormalizer.Azure.Tests.Storage;

/// <summary>The Azurite Blob service started by scripts/services/azurite.sh; tests fail (never skip) without it.</summary>
internal static class Azurite
{
    public static string ConnectionString => Variable("TRAILNORM_AZURITE_CONNECTION_STRING");

    /// <summary>The account endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1.</summary>
    public static Uri BlobEndpoint => new(Variable("TRAILNORM_AZURITE_BLOB"));

    public static BlobServiceClient Service() => new(ConnectionString, Options());

    /// <summary>A new, empty container of its own for one test.</summary>
    public static BlobContainerClient NewContainer()
    {
        var container = Service().GetBlobContainerClient("t" + Guid.NewGuid().ToString("N"));
        container.Create();
        return container;
    }

    /// <summary>Few retries: a missing emulator should fail the test quickly.</summary>
    public static BlobClientOptions Options()
    {
        var options = BlobClientFactory.ClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return options;
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set: these tests need Azurite. Run scripts/test.sh, or eval \"$(scripts/services/azurite.sh start)\" before dotnet test.");
}
