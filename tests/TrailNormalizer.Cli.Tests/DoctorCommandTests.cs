namespace TrailNormalizer.Cli.Tests;

/// <summary>The <c>doctor</c> command's wiring: files in, one line per finding out, exit 1 on an error. The checks themselves are tested on the real templates in the infra test projects.</summary>
public sealed class DoctorCommandTests
{
    /// <summary>A stack whose seal function's role allows only logging: every other action it needs is missing.</summary>
    private const string ThinStack = """
        {"Resources":{
          "SealRole":{"Type":"AWS::IAM::Role","Properties":{"Policies":[{"PolicyDocument":{"Statement":[
            {"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}}]}},
          "Seal":{"Type":"AWS::Lambda::Function","Properties":{"Handler":"seal","Role":{"Fn::GetAtt":["SealRole","Arn"]},"ReservedConcurrentExecutions":1}}
        }}
        """;

    [Fact]
    public void Aws_findings_are_printed_one_per_line_and_an_error_fails_the_run()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["stack.json"], ThinStack);

        var run = CliRun.Of("doctor", "aws", dir["stack.json"], "--region", "eu-central-1");

        run.ExitCode.Should().Be(1);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().Contain("ERROR   roles: no Lambda function with handler 'sqs' in the template");
        lines.Should().Contain("ERROR   roles: the seal function's role lacks kms:Sign, which its code (or Lambda on its behalf) calls");
        lines.Should().Contain(l => l.StartsWith("WARNING region:", StringComparison.Ordinal) && l.Contains("eu-central-1", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("CHECK   quota:", StringComparison.Ordinal) && l.Contains("Seal reserves 1", StringComparison.Ordinal));
        run.Error.Should().Contain("doctor: ").And.Contain(" errors, ");
    }

    [Fact]
    public void A_missing_template_is_a_usage_error()
    {
        var run = CliRun.Of("doctor", "azure", "/nonexistent/main.json");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("/nonexistent/main.json: no such file");
    }

    [Fact]
    public void A_template_that_is_not_json_is_reported_in_one_line()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["main.json"], "not json");

        var run = CliRun.Of("doctor", "azure", dir["main.json"]);

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().StartWith($"trailnorm: error: {dir["main.json"]}: not JSON");
    }
}
