using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Azure.Core;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>A POST that still failed after every attempt: the status (0 for a network failure) and what the service said.</summary>
public sealed class PostFailedException(string what, int status, string detail)
    : IOException($"{what} failed: {(status == 0 ? "no answer" : string.Create(CultureInfo.InvariantCulture, $"HTTP {status}"))}: {detail}")
{
    public int Status { get; } = status;
}

/// <summary>
/// POSTs request bodies to one Azure data-plane service with a Microsoft Entra bearer token for one scope (the managed
/// identity's, cached until five minutes before it expires). Throttling and transient failures (408, 429, 500, 502,
/// 503, 504, no answer) are retried a bounded number of times, waiting what the service's Retry-After asks (capped) or
/// else an exponential back-off; a 401 fetches a new token once. Synchronous, like the rest of the handler.
/// </summary>
public sealed class AuthorizedPoster
{
    /// <summary>The longest Retry-After honoured; a longer one is cut to this, the batch is retried by the next run anyway.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    private const int MaxDetailChars = 300;

    private readonly HttpClient _http;
    private readonly TokenCredential _credential;
    private readonly TokenRequestContext _scope;
    private readonly Lock _tokenGate = new();
    private AccessToken? _token;

    /// <param name="http">The client; its timeout bounds each attempt.</param>
    /// <param name="credential">The Function App's managed identity (tests pass a fixed token).</param>
    /// <param name="scope">e.g. https://monitor.azure.com//.default.</param>
    /// <param name="maxAttempts">Attempts per request, the first included.</param>
    /// <param name="sleep">How to wait between attempts; tests record the waits instead.</param>
    public AuthorizedPoster(HttpClient http, TokenCredential credential, string scope, int maxAttempts = 5, Action<TimeSpan>? sleep = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _http = http;
        _credential = credential;
        _scope = new TokenRequestContext([scope]);
        MaxAttempts = maxAttempts;
        Sleep = sleep ?? Thread.Sleep;
    }

    public int MaxAttempts { get; }

    private Action<TimeSpan> Sleep { get; }

    /// <summary>A client for the adapters' outbound calls: 100 s per attempt, no cookies, no redirects (a token must not follow one).</summary>
    public static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };

    /// <summary>Sends <paramref name="body"/>; returns the success status, or throws <see cref="PostFailedException"/>.</summary>
    public int Post(string what, Uri url, byte[] body, string contentType, string? contentEncoding = null)
    {
        bool refreshedAfter401 = false;
        for (int attempt = 1; ; attempt++)
        {
            int status;
            string detail;
            TimeSpan? retryAfter = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                if (contentEncoding is not null)
                {
                    request.Content.Headers.ContentEncoding.Add(contentEncoding);
                }

                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token());
                using var response = _http.Send(request);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return status;
                }

                detail = Detail(response);
                retryAfter = RetryAfter(response);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                status = 0;
                detail = ex.GetType().Name + ": " + ex.Message;
            }

            if (attempt >= MaxAttempts || !(IsTransient(status) || (status == 401 && !refreshedAfter401)))
            {
                throw new PostFailedException(what, status, detail);
            }

            if (status == 401)
            {
                // A token revoked or rotated early: fetch a new one once, straight away.
                refreshedAfter401 = true;
                lock (_tokenGate)
                {
                    _token = null;
                }

                continue;
            }

            Sleep(retryAfter ?? Backoff(attempt));
        }
    }

    /// <summary>1, 2, 4, 8 … seconds, at most 16.</summary>
    internal static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Min(16, 1 << Math.Min(attempt - 1, 4)));

    internal static bool IsTransient(int status) => status is 0 or 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>Retry-After as seconds or as an HTTP date, never negative, capped at <see cref="MaxRetryAfter"/>.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (wait is null && response.Headers.TryGetValues("retry-after-ms", out var ms)
            && long.TryParse(ms.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out long millis))
        {
            wait = TimeSpan.FromMilliseconds(millis);
        }

        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, MaxRetryAfter.Ticks)) : null;
    }

    private static string Detail(HttpResponseMessage response)
    {
        // Only the start of an error body is read and logged: enough for the service's code and message.
        var buffer = new byte[MaxDetailChars * 4];
        using var body = response.Content.ReadAsStream();
        int read = 0, n;
        while (read < buffer.Length && (n = body.Read(buffer, read, buffer.Length - read)) > 0)
        {
            read += n;
        }

        string text = System.Text.Encoding.UTF8.GetString(buffer, 0, read).ReplaceLineEndings(" ");
        return text.Length > MaxDetailChars ? text[..MaxDetailChars] + "…" : text;
    }

    private string Token()
    {
        lock (_tokenGate)
        {
            if (_token is not { } token || token.ExpiresOn - DateTimeOffset.UtcNow < TimeSpan.FromMinutes(5))
            {
                token = _credential.GetToken(_scope, CancellationToken.None);
                _token = token;
            }

            return token.Token;
        }
    }
}
