using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace TrailNormalizer.Aws.Storage;

/// <summary>
/// Builds the S3 client: the region from <c>AWS_REGION</c>, credentials from the SDK's default chain (the Lambda's
/// role), no SDK retries (<see cref="RetryPolicy"/> owns the budget), checksums only where required (radosgw rejects
/// the SDK's default trailing checksum; the store sends its own checksum headers), and for tests a path-style
/// endpoint from <c>TRAILNORM_S3_ENDPOINT</c>.
/// </summary>
public static class S3ClientFactory
{
    public const string EndpointVariable = "TRAILNORM_S3_ENDPOINT";

    public static AmazonS3Client FromEnvironment()
    {
        string region = Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } r
            ? r
            : throw new StorageConfigurationException("AWS_REGION is not set");
        return Create(region, Environment.GetEnvironmentVariable(EndpointVariable));
    }

    /// <summary>A client for <paramref name="region"/>; with <paramref name="endpoint"/> (http(s)://host[:port]) it talks path-style to that server.</summary>
    public static AmazonS3Client Create(string region, string? endpoint, AWSCredentials? credentials = null)
    {
        var config = Config(region, endpoint);
        return credentials is null ? new AmazonS3Client(config) : new AmazonS3Client(credentials, config);
    }

    public static AmazonS3Config Config(string region, string? endpoint)
    {
        var config = new AmazonS3Config
        {
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(endpoint))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = CheckEndpoint(endpoint).ToString();
            config.AuthenticationRegion = region;
            config.ForcePathStyle = true;
        }

        return config;
    }

    private static Uri CheckEndpoint(string endpoint)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.AbsolutePath != "/")
        {
            throw new StorageConfigurationException($"{EndpointVariable} must be http(s)://host[:port] with nothing after it, not '{(endpoint.Contains('@', StringComparison.Ordinal) ? "(redacted)" : endpoint)}'");
        }

        return uri;
    }
}
