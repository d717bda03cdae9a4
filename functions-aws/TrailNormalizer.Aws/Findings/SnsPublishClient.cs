using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Aws.Findings;

/// <summary>SNS refused a message for good (4xx other than throttling), or stayed unavailable through every retry.</summary>
public sealed class SnsPublishException(string message, bool permanent) : Exception(message)
{
    /// <summary>True when sending the same message again cannot succeed (bad topic, no permission, invalid message).</summary>
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// SNS <c>Publish</c> over the Query API: a form-encoded POST signed with SigV4 under the function role's credentials.
/// Throttling, 5xx and network failures are retried with exponential backoff and jitter, up to
/// <see cref="MaxAttempts"/>; other errors are thrown at once. A message over SNS's 256 KiB limit is refused before sending.
/// </summary>
public sealed class SnsPublishClient : IDisposable
{
    /// <summary>SNS's limit on a message and its attributes together.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    private const string Service = "sns";
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string _region;
    private readonly Func<AwsCredentials> _credentials;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, Task> _sleep;

    /// <param name="region">The topic's region: where requests go and what they are signed for.</param>
    /// <param name="endpoint">Null for the topic region's public endpoint (<c>https://sns.REGION.amazonaws.com/</c>).</param>
    /// <param name="credentials">Read for every request, so a credential refresh is picked up.</param>
    /// <param name="time">Request times (x-amz-date).</param>
    /// <param name="sleep">Waits between attempts; null for a real delay.</param>
    /// <param name="handler">Null for the default HTTP handler.</param>
    public SnsPublishClient(string region, Uri? endpoint, Func<AwsCredentials> credentials, TimeProvider time, Func<TimeSpan, Task>? sleep = null, HttpMessageHandler? handler = null)
    {
        _region = region;
        _endpoint = endpoint ?? new Uri($"https://sns.{region}.amazonaws.com/");
        _credentials = credentials;
        _time = time;
        _sleep = sleep ?? (delay => Task.Delay(delay));
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = TimeSpan.FromSeconds(10);
    }

    public int MaxAttempts { get; init; } = 5;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Publishes <paramref name="message"/> to <paramref name="topicArn"/> with string attributes; returns SNS's MessageId.</summary>
    public async Task<string> PublishAsync(string topicArn, string message, IReadOnlyList<KeyValuePair<string, string>> attributes, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        int size = Encoding.UTF8.GetByteCount(message) + attributes.Sum(a => Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value) + "String".Length);
        if (size > MaxMessageBytes)
        {
            throw new SnsPublishException($"message of {size} bytes is over SNS's {MaxMessageBytes}-byte limit", permanent: true);
        }

        string body = Form(topicArn, message, attributes);
        for (int attempt = 1; ; attempt++)
        {
            string? retryable;
            try
            {
                using var response = await _http.SendAsync(Request(body), cancellation).ConfigureAwait(false);
                string text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return Element(text, "MessageId") ?? throw new SnsPublishException("SNS answered without a MessageId", permanent: false);
                }

                string code = Element(text, "Code") ?? "";
                string reason = $"SNS answered {(int)response.StatusCode} {code}: {Element(text, "Message") ?? ""}".TrimEnd(' ', ':');
                if (!IsRetryable(response.StatusCode, code))
                {
                    throw new SnsPublishException(reason, permanent: true);
                }

                retryable = reason;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellation.IsCancellationRequested)
            {
                retryable = ex.Message;
            }

            if (attempt >= MaxAttempts)
            {
                throw new SnsPublishException($"SNS Publish failed {attempt} times; last: {retryable}", permanent: false);
            }

            double ceiling = FirstDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
            await _sleep(TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * Random.Shared.NextDouble())))).ConfigureAwait(false);
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpRequestMessage Request(string body)
    {
        var credentials = _credentials();
        var now = _time.GetUtcNow();
        byte[] content = Encoding.UTF8.GetBytes(body);
        const string contentType = "application/x-www-form-urlencoded; charset=utf-8";
        var headers = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType,
            ["host"] = _endpoint.IsDefaultPort ? _endpoint.Host : $"{_endpoint.Host}:{_endpoint.Port}",
            ["x-amz-date"] = SigV4.AmzDate(now),
        };
        if (credentials.SessionToken is { } token)
        {
            headers["x-amz-security-token"] = token;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(content) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", headers["x-amz-date"]);
        if (credentials.SessionToken is { } sessionToken)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", sessionToken);
        }

        request.Headers.TryAddWithoutValidation("Authorization",
            SigV4.Authorization("POST", _endpoint.AbsolutePath, headers, SigV4.Hex(SHA256.HashData(content)), credentials, _region, Service, now));
        return request;
    }

    private static string Form(string topicArn, string message, IReadOnlyList<KeyValuePair<string, string>> attributes)
    {
        var fields = new List<(string, string)> { ("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", topicArn), ("Message", message) };
        for (int i = 0; i < attributes.Count; i++)
        {
            string entry = $"MessageAttributes.entry.{i + 1}.";
            fields.Add((entry + "Name", attributes[i].Key));
            fields.Add((entry + "Value.DataType", "String"));
            fields.Add((entry + "Value.StringValue", attributes[i].Value));
        }

        return string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Item1) + "=" + Uri.EscapeDataString(f.Item2)));
    }

    private static bool IsRetryable(HttpStatusCode status, string code) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests
        || code is "Throttling" or "ThrottlingException" or "ThrottledException" or "RequestThrottled" or "KMSThrottling" or "InternalError";

    /// <summary>The text of the first <c>&lt;name&gt;</c> element of an SNS XML answer (the answers are flat and small).</summary>
    private static string? Element(string xml, string name)
    {
        int start = xml.IndexOf($"<{name}>", StringComparison.Ordinal);
        int end = start < 0 ? -1 : xml.IndexOf($"</{name}>", start, StringComparison.Ordinal);
        return end < 0 ? null : WebUtility.HtmlDecode(xml[(start + name.Length + 2)..end]);
    }
}
