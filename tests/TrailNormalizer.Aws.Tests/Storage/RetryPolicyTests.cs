using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using TrailNormalizer.Aws.Storage;
using RetryPolicy = TrailNormalizer.Aws.Storage.RetryPolicy;

namespace TrailNormalizer.Aws.Tests.Storage;

/// <summary>The retry budget with a clock that only pretends to sleep.</summary>
public sealed class RetryPolicyTests
{
    private readonly FakeRetryClock _clock = new();

    private RetryPolicy Policy(TimeSpan budget, int maxAttempts = 10) =>
        new(() => _clock.UtcNow + budget, _clock, new Random(7)) { MaxAttempts = maxAttempts };

    private static AmazonS3Exception S3Error(HttpStatusCode status, string code) =>
        new($"{code} from the fake", ErrorType.Unknown, code, "r1", status);

    [Fact]
    public void Throttling_and_server_errors_are_retried_until_the_call_succeeds()
    {
        var failures = new Queue<Exception>([
            S3Error(HttpStatusCode.ServiceUnavailable, "SlowDown"),
            S3Error(HttpStatusCode.TooManyRequests, "TooManyRequests"),
            S3Error(HttpStatusCode.InternalServerError, "InternalError"),
            new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)),
            new TaskCanceledException("timed out"),
        ]);

        string result = Policy(TimeSpan.FromMinutes(1)).Run("op", _ => failures.Count > 0 ? Task.FromException<string>(failures.Dequeue()) : Task.FromResult("stored"));

        result.Should().Be("stored");
        _clock.Sleeps.Should().HaveCount(5);
    }

    [Fact]
    public void A_client_error_is_thrown_at_once_without_waiting()
    {
        int calls = 0;
        var act = () => Policy(TimeSpan.FromMinutes(1)).Run<int>("op", _ =>
        {
            calls++;
            return Task.FromException<int>(S3Error(HttpStatusCode.Forbidden, "AccessDenied"));
        });

        act.Should().Throw<AmazonS3Exception>().Which.ErrorCode.Should().Be("AccessDenied");
        calls.Should().Be(1);
        _clock.Sleeps.Should().BeEmpty();
    }

    [Fact]
    public void Failing_until_the_deadline_ends_in_StorageUnavailable_without_sleeping_past_it()
    {
        var start = _clock.UtcNow;
        var budget = TimeSpan.FromSeconds(3);
        int calls = 0;

        var act = () => Policy(budget, maxAttempts: 1000).Run<int>("PUT s3://b/k", _ =>
        {
            calls++;
            _clock.Advance(TimeSpan.FromMilliseconds(200)); // each attempt takes a while
            return Task.FromException<int>(S3Error(HttpStatusCode.ServiceUnavailable, "SlowDown"));
        });

        var thrown = act.Should().Throw<StorageUnavailableException>().Which;
        thrown.Message.Should().Contain("PUT s3://b/k").And.Contain("SlowDown");
        thrown.InnerException.Should().BeOfType<AmazonS3Exception>();
        thrown.Attempts.Should().Be(calls).And.BeGreaterThan(2);
        _clock.UtcNow.Should().BeBefore(start + budget);
    }

    [Fact]
    public void The_attempt_limit_also_ends_in_StorageUnavailable()
    {
        var act = () => Policy(TimeSpan.FromHours(1), maxAttempts: 4).Run<int>("op", _ =>
            Task.FromException<int>(S3Error(HttpStatusCode.InternalServerError, "InternalError")));

        act.Should().Throw<StorageUnavailableException>().Which.Attempts.Should().Be(4);
        _clock.Sleeps.Should().HaveCount(3);
    }

    [Fact]
    public void A_deadline_already_passed_makes_no_call()
    {
        int calls = 0;
        var policy = new RetryPolicy(() => _clock.UtcNow - TimeSpan.FromSeconds(1), _clock);

        var act = () => policy.Run("op", _ => Task.FromResult(++calls));

        act.Should().Throw<StorageUnavailableException>().WithMessage("*deadline reached*");
        calls.Should().Be(0);
    }

    [Fact]
    public void The_deadline_cancels_the_call_in_flight()
    {
        var policy = new RetryPolicy(() => DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100));

        var act = () => policy.Run("GET s3://b/k", async cancel =>
        {
            await Task.Delay(Timeout.Infinite, cancel);
            return 0;
        });

        act.Should().Throw<StorageUnavailableException>().Which.InnerException.Should().BeAssignableTo<OperationCanceledException>();
    }

    [Fact]
    public void Backoff_doubles_up_to_the_cap_and_jitter_keeps_at_least_half()
    {
        var policy = new RetryPolicy(() => _clock.UtcNow, _clock, new Random(1))
        {
            FirstDelay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromSeconds(2),
        };

        for (int attempt = 1; attempt <= 8; attempt++)
        {
            double ceiling = Math.Min(2000, 100 * Math.Pow(2, attempt - 1));
            policy.Backoff(attempt).TotalMilliseconds.Should().BeInRange(ceiling / 2, ceiling);
        }
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown", true)]
    [InlineData(HttpStatusCode.TooManyRequests, "TooManyRequests", true)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", true)]
    [InlineData(HttpStatusCode.BadGateway, "BadGateway", true)]
    [InlineData(HttpStatusCode.BadRequest, "RequestTimeout", true)]
    [InlineData(HttpStatusCode.Conflict, "ConditionalRequestConflict", true)]
    [InlineData(HttpStatusCode.Conflict, "OperationAborted", false)]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied", false)]
    [InlineData(HttpStatusCode.NotFound, "NoSuchKey", false)]
    [InlineData(HttpStatusCode.PreconditionFailed, "PreconditionFailed", false)]
    [InlineData(HttpStatusCode.BadRequest, "InvalidRequest", false)]
    public void Service_errors_are_sorted_by_whether_a_retry_can_cure_them(HttpStatusCode status, string code, bool transient)
    {
        RetryPolicy.IsTransient(S3Error(status, code)).Should().Be(transient);
    }

    [Fact]
    public void Network_failures_are_transient_and_local_mistakes_are_not()
    {
        RetryPolicy.IsTransient(new AmazonClientException("send failed", new HttpRequestException("reset", new IOException("connection reset")))).Should().BeTrue();
        RetryPolicy.IsTransient(new TimeoutException()).Should().BeTrue();
        RetryPolicy.IsTransient(new ArgumentException("bad key")).Should().BeFalse();
        RetryPolicy.IsTransient(new FileNotFoundException("gone")).Should().BeFalse();
    }
}
