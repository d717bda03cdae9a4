using TrailNormalizer.Aws.Runtime;
using TrailNormalizer.Aws.Tests.Support;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// A function that cannot work as configured never takes an event: the bootstrap reports /runtime/init/error with
/// the reason and exits non-zero.
/// </summary>
public sealed class InitErrorEndToEndTests : IDisposable
{
    private readonly FakeRuntimeApi _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task An_evidence_bucket_without_Object_Lock_is_refused_at_start_up()
    {
        using var world = new LambdaWorld(objectLock: false);

        await ShouldFailInit(world.Environment("sqs", _api), "*Object Lock is not enabled*");
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
