using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Tests.Support;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// A function that cannot work as configured never takes an event: a configuration error is reported to
/// /runtime/init/error before the first /next; an evidence bucket without Object Lock (found by the check that runs
/// while the bootstrap already waits for its first event) fails the event in hand, or ends the process if none came,
/// and the bootstrap exits non-zero without storing anything.
/// </summary>
public sealed class InitErrorEndToEndTests : IDisposable
{
    private readonly FakeRuntimeApi _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task An_evidence_bucket_without_Object_Lock_ends_the_process_before_any_event()
    {
        using var world = new LambdaWorld(objectLock: false);
        using var process = BootstrapProcess.Start(world.Environment("sqs", _api));

        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.Should().NotBe(0, process.Output);
        process.Output.Should().Contain("\"message\":\"init failed\"").And.Contain(Bootstrap.ConfigurationErrorType).And.Contain("Object Lock is not enabled");
        world.EvidenceKeys().Should().BeEmpty();
    }

    [Fact]
    public async Task An_event_waiting_at_start_up_is_failed_with_the_Object_Lock_refusal_and_nothing_is_stored()
    {
        using var world = new LambdaWorld(objectLock: false);
        // Queued before the process starts, so its first /next returns it long before the check's S3 round trips end.
        var answer = _api.Invoke("req-first", SqsEvents.Build(("m-1", AwsBodies.ApiCall("refused-1"))));
        using var process = BootstrapProcess.Start(world.Environment("sqs", _api));

        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.Should().NotBe(0, process.Output);
        answer.IsCompleted.Should().BeTrue(process.Output);
        var error = await answer;
        error.Kind.Should().Be("error");
        error.ErrorType.Should().Be(Bootstrap.ConfigurationErrorType);
        error.Text.Should().Contain("Object Lock is not enabled");
        world.EvidenceKeys().Should().BeEmpty();
    }

    [Theory]
    [InlineData("TRAILNORM_EVIDENCE_BUCKET", null, "*TRAILNORM_EVIDENCE_BUCKET is not set*")]
    [InlineData("AWS_REGION", null, "*AWS_REGION is not set*")]
    [InlineData("TRAILNORM_RETENTION_DAYS", "30", "*TRAILNORM_RETENTION_DAYS 30 is below the 90-day minimum*")]
    [InlineData("_HANDLER", "index.handler", "*_HANDLER 'index.handler' is unknown*")]
    public async Task Missing_or_wrong_configuration_is_refused_at_start_up(string name, string? value, string message)
    {
        using var world = new LambdaWorld();
        var environment = world.Environment("sqs", _api);
        if (value is null)
        {
            environment.Remove(name);
        }
        else
        {
            environment[name] = value;
        }

        await ShouldFailInit(environment, message);
    }

    private async Task ShouldFailInit(Dictionary<string, string> environment, string message)
    {
        using var process = BootstrapProcess.Start(environment);

        int exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.Should().NotBe(0, process.Output);
        _api.InitError.IsCompleted.Should().BeTrue(process.Output);
        var error = await _api.InitError;
        error.ErrorType.Should().Be(Bootstrap.ConfigurationErrorType);
        using var body = System.Text.Json.JsonDocument.Parse(error.Body);
        body.RootElement.GetProperty("errorMessage").GetString().Should().Match(message);
        _api.NextCalls.Should().Be(0, "a function that failed its start-up takes no event");
    }
}
