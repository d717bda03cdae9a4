using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace TrailNormalizer.Azure.Storage;

/// <summary>
/// Builds Blob clients the handler may use: the evidence container from its URL and the Function App's managed
/// identity, or (development only) from a connection string. Every client gets bounded retries and timeouts.
/// </summary>
public static class BlobClientFactory
{
    public const string ContainerUrlVariable = "TRAILNORM_EVIDENCE_CONTAINER_URL";
    public const string ConnectionStringVariable = "TRAILNORM_EVIDENCE_CONNECTION_STRING";
    public const string ContainerVariable = "TRAILNORM_EVIDENCE_CONTAINER";
    public const string ClientIdVariable = "AZURE_CLIENT_ID";

    private static readonly string[] BlobHostSuffixes = [".blob.core.windows.net", ".blob.core.chinacloudapi.cn", ".blob.core.usgovcloudapi.net"];

    /// <summary>Exponential retries (4 after the first try, 0.5 s doubling up to 8 s) and a 100 s per-try network timeout.</summary>
    public static BlobClientOptions ClientOptions(HttpPipelineTransport? transport = null)
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 4;
        options.Retry.Delay = TimeSpan.FromMilliseconds(500);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(8);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        options.Diagnostics.IsLoggingContentEnabled = false;
        if (transport is not null)
        {
            options.Transport = transport;
        }

        return options;
    }

    /// <summary>
    /// The Function App's managed identity, and nothing else: DefaultAzureCredential would also try environment
    /// secrets, workload identity, developer tools and so on, so a stray credential on the host could silently become
    /// the evidence writer. <paramref name="clientId"/> (AZURE_CLIENT_ID) selects a user-assigned identity.
    /// </summary>
    public static TokenCredential ManagedIdentity(string? clientId) =>
        string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId.Trim()));

    /// <summary>The evidence container at <paramref name="containerUrl"/>, authenticated with <paramref name="credential"/>.</summary>
    public static BlobContainerClient EvidenceContainer(Uri containerUrl, TokenCredential credential, bool development, BlobClientOptions? options = null)
    {
        ValidateContainerUrl(containerUrl, development);
        return new BlobContainerClient(containerUrl, credential, options ?? ClientOptions());
    }

    /// <summary>Development and tests only (Azurite): the container <paramref name="container"/> of a connection string's account.</summary>
    public static BlobContainerClient EvidenceContainer(string connectionString, string container, bool development, BlobClientOptions? options = null)
    {
        if (!development)
        {
            throw new StorageConfigurationException($"{ConnectionStringVariable} is for development only (TRAILNORM_DEVELOPMENT_MODE=true); use {ContainerUrlVariable} with a managed identity");
        }

        ValidateContainerName(container, ContainerVariable);
        return ServiceClient(connectionString, ConnectionStringVariable, options).GetBlobContainerClient(container);
    }

    /// <summary>The evidence container named by the environment (see the contract's Azure app settings).</summary>
    public static BlobContainerClient EvidenceContainerFromEnvironment(Func<string, string?> env, bool development, BlobClientOptions? options = null)
    {
        string? url = Value(env, ContainerUrlVariable);
        string? connection = Value(env, ConnectionStringVariable);
        if (url is not null && connection is not null)
        {
            throw new StorageConfigurationException($"set either {ContainerUrlVariable} or {ConnectionStringVariable}, not both");
        }

        if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var containerUrl))
            {
                throw new StorageConfigurationException($"{ContainerUrlVariable} is not an absolute URL");
            }

            return EvidenceContainer(containerUrl, ManagedIdentity(Value(env, ClientIdVariable)), development, options);
        }

        if (connection is not null)
        {
            return EvidenceContainer(connection, Value(env, ContainerVariable) ?? throw new StorageConfigurationException($"{ContainerVariable} is required with {ConnectionStringVariable}"), development, options);
        }

        throw new StorageConfigurationException($"set {ContainerUrlVariable} (managed identity), or {ConnectionStringVariable} and {ContainerVariable} in development");
    }

    /// <summary>
    /// A container URL: https on a Blob endpoint (any host, e.g. an emulator, only in development), exactly one path
    /// segment naming a valid container, and no credentials, SAS query or fragment (secrets do not belong in URLs).
    /// </summary>
    public static void ValidateContainerUrl(Uri url, bool development)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new StorageConfigurationException($"{ContainerUrlVariable} must be a container URL without credentials, query or fragment, e.g. https://account.blob.core.windows.net/evidence");
        }

        // Bearer tokens only travel over https (the SDK refuses otherwise), development or not.
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new StorageConfigurationException($"{ContainerUrlVariable} must use https: {url}");
        }

        if (development)
        {
            ValidateContainerName(new BlobUriBuilder(url).BlobContainerName, ContainerUrlVariable);
            return;
        }

        if (!url.IsDefaultPort)
        {
            throw new StorageConfigurationException($"{ContainerUrlVariable} must use the default https port: {url}");
        }

        if (!BlobHostSuffixes.Any(s => url.Host.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            throw new StorageConfigurationException($"{ContainerUrlVariable} must name an Azure Blob endpoint (<account>.blob.core.windows.net or a sovereign-cloud equivalent): {url.Host}");
        }

        string path = url.AbsolutePath.Trim('/');
        if (path.Contains('/', StringComparison.Ordinal))
        {
            throw new StorageConfigurationException($"{ContainerUrlVariable} must name a container, not a blob or folder: {url}");
        }

        ValidateContainerName(path, ContainerUrlVariable);
    }

    /// <summary>Azure's container naming rule: 3–63 of [a-z0-9-], starting and ending with a letter or digit, no "--".</summary>
    public static void ValidateContainerName(string name, string setting)
    {
        bool valid = name.Length is >= 3 and <= 63
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && name[0] != '-' && name[^1] != '-' && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new StorageConfigurationException($"{setting}: '{name}' is not a valid container name (3-63 lower-case letters, digits and single hyphens)");
        }
    }

    /// <summary>A service client from a connection string; a malformed one is reported by setting name, never echoed (it holds a key).</summary>
    internal static BlobServiceClient ServiceClient(string connectionString, string setting, BlobClientOptions? options)
    {
        try
        {
            return new BlobServiceClient(connectionString, options ?? ClientOptions());
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new StorageConfigurationException($"{setting} is not a valid storage connection string");
        }
    }

    private static string? Value(Func<string, string?> env, string name) => env(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
