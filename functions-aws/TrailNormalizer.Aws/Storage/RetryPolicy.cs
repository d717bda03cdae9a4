using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Aws.Storage;

/// <summary>
/// Runs a storage call, retrying failures a retry may cure — throttling (429, 503 SlowDown), other 5xx, timeouts,
/// refused or dropped connections — with exponential backoff and jitter, until the deadline. The deadline comes
/// from the caller (the Lambda passes its invocation deadline minus a safety margin), is read once per operation,
/// and also cancels the call in flight. When the budget is spent it throws <see cref="StorageUnavailableException"/>.
/// Other errors (4xx) are thrown unchanged at once. The S3 client is configured without retries of its own, so this
/// is the only retry budget.
/// </summary>
public sealed class RetryPolicy
{
    private readonly Func<DateTimeOffset> _deadline;
    private readonly IRetryClock _clock;
    private readonly Random _jitter;

    public RetryPolicy(Func<DateTimeOffset> deadline, IRetryClock? clock = null, Random? jitter = null)
    {
        _deadline = deadline;
        _clock = clock ?? SystemRetryClock.Instance;
        _jitter = jitter ?? Random.Shared;
    }

    /// <summary>Each operation may take up to <paramref name="budget"/> from its start (for the CLI and tests).</summary>
    public static RetryPolicy WithBudget(TimeSpan budget, IRetryClock? clock = null)
    {
        var c = clock ?? SystemRetryClock.Instance;
        return new RetryPolicy(() => c.UtcNow + budget, c);
    }

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    public int MaxAttempts { get; init; } = 10;

    /// <summary>
    /// Runs <paramref name="call"/> and blocks on it: the evidence store interface is synchronous and the Lambda runs one
    /// invocation at a time, so this is the one place where the SDK's async calls are waited for.
    /// </summary>
    public T Run<T>(string operation, Func<CancellationToken, Task<T>> call)
    {
        DateTimeOffset deadline = _deadline();
        Exception? last = null;
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan left = deadline - _clock.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new StorageUnavailableException(operation, attempt - 1, "deadline reached", last);
            }

            using (var cancel = new CancellationTokenSource(Min(left, TimeSpan.FromDays(1))))
            {
                try
                {
                    return call(cancel.Token).GetAwaiter().GetResult();
                }
                catch (Exception ex) when (IsTransient(ex))
                {
                    last = ex;
                }
            }

            if (attempt >= MaxAttempts)
            {
                throw new StorageUnavailableException(operation, attempt, "attempt limit reached", last);
            }

            TimeSpan delay = Backoff(attempt);
            if (_clock.UtcNow + delay >= deadline)
            {
                throw new StorageUnavailableException(operation, attempt, "the next attempt would pass the deadline", last);
            }

            _clock.Sleep(delay);
        }
    }

    /// <summary>Exponential (FirstDelay · 2^(attempt-1), at most MaxDelay), then a random half of it taken away so writers spread out.</summary>
    public TimeSpan Backoff(int attempt)
    {
        double ceiling = Math.Min(MaxDelay.TotalMilliseconds, FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * _jitter.NextDouble())));
    }

    /// <summary>True for failures a later attempt may not meet.</summary>
    public static bool IsTransient(Exception ex)
    {
        if (ex is AmazonServiceException service && service.StatusCode != 0)
        {
            int status = (int)service.StatusCode;
            return status >= 500
                || service.StatusCode == HttpStatusCode.TooManyRequests
                || service.ErrorCode is "SlowDown" or "Throttling" or "ThrottlingException" or "RequestTimeout"
                // S3 answers 409 to a conditional write racing another one on the same key; the retry then gets 412.
                || (service.StatusCode == HttpStatusCode.Conflict && service.ErrorCode == "ConditionalRequestConflict");
        }

        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or TimeoutException or OperationCanceledException
                || (e is IOException and not (FileNotFoundException or EvidenceExistsException or StorageUnavailableException)))
            {
                return true;
            }
        }

        return false;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
