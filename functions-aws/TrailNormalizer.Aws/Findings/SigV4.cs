using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Aws.Findings;

/// <summary>
/// AWS Signature Version 4 for a request without a query string: canonical request, string to sign, the derived
/// signing key (HMAC-SHA256 chain over date, region, service, "aws4_request") and the Authorization header value.
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The Authorization header value for a request signed with <paramref name="credentials"/>.</summary>
    /// <param name="method">HTTP method, e.g. POST.</param>
    /// <param name="path">The URI path, already URI-encoded (e.g. "/").</param>
    /// <param name="headers">Every header to sign, including host and x-amz-date; names are lower-cased and sorted here.</param>
    /// <param name="payloadSha256Hex">Lower-case hex SHA-256 of the body.</param>
    /// <param name="credentials">Access key, secret, optional session token (sign the x-amz-security-token header with it).</param>
    /// <param name="region">The region in the credential scope.</param>
    /// <param name="service">The service in the credential scope, e.g. "sns".</param>
    /// <param name="time">The request time, also sent as x-amz-date.</param>
    public static string Authorization(
        string method, string path, IReadOnlyDictionary<string, string> headers, string payloadSha256Hex,
        AwsCredentials credentials, string region, string service, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(credentials);
        var sorted = headers.Select(h => (Name: h.Key.ToLowerInvariant(), Value: h.Value.Trim())).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        string signedHeaders = string.Join(';', sorted.Select(h => h.Name));
        string canonicalRequest = string.Join('\n',
            method, path, "", string.Concat(sorted.Select(h => h.Name + ":" + h.Value + "\n")), signedHeaders, payloadSha256Hex);

        string date = time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        string scope = $"{date}/{region}/{service}/aws4_request";
        string stringToSign = string.Join('\n', Algorithm, AmzDate(time), scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        byte[] key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        string signature = Hex(Hmac(key, stringToSign));
        return $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    /// <summary>The <c>x-amz-date</c> form: <c>yyyyMMddTHHmmssZ</c>.</summary>
    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}
