using TrailNormalizer.Aws.Configuration;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Aws.Tests.Runtime;

public sealed class LambdaSettingsTests
{
    private static readonly Dictionary<string, string> Minimal = new()
    {
        ["_HANDLER"] = "sqs",
        ["AWS_REGION"] = "eu-west-1",
        ["TRAILNORM_EVIDENCE_BUCKET"] = "audit-evidence",
    };

    private static LambdaSettings Read(Dictionary<string, string> env) => LambdaSettings.Read(name => env.GetValueOrDefault(name));

    private static Dictionary<string, string> With(params (string Name, string? Value)[] changes) => EnvironmentEdits.With(Minimal, changes);

    [Fact]
    public void The_minimal_sqs_configuration_gets_the_documented_defaults()
    {
        var settings = Read(Minimal);

        settings.Function.Should().Be(LambdaFunction.Sqs);
        settings.Region.Should().Be("eu-west-1");
        settings.EvidenceBucket.Should().Be("audit-evidence");
        settings.EvidencePrefix.Should().BeEmpty();
        settings.LogOrigin.Should().Be("trailnormalizer/audit-evidence");
        settings.Retention.Days.Should().Be(400);
        settings.SnsTopics.Should().BeEmpty();
        settings.SourceBuckets.Should().BeEmpty();
        settings.KmsDataKeyId.Should().BeNull();
        settings.S3Endpoint.Should().BeNull();
    }

    [Fact]
    public void Every_variable_is_read()
    {
        var settings = Read(With(
            ("_HANDLER", "seal"),
            ("TRAILNORM_EVIDENCE_PREFIX", "org/prod/"),
            ("TRAILNORM_KMS_DATA_KEY_ID", "alias/evidence"),
            ("TRAILNORM_SIGNING_KEY_ID", "arn:aws:kms:eu-west-1:111122223333:key/abc"),
            ("TRAILNORM_LOG_ORIGIN", "example.com/audit"),
            ("TRAILNORM_RETENTION_DAYS", "2555"),
            ("TRAILNORM_SNS_TOPICS", " arn:aws:sns:eu-west-1:111122223333:a , arn:aws:sns:eu-west-1:111122223333:b,"),
            ("TRAILNORM_SOURCE_BUCKETS", "trail-logs"),
            ("TRAILNORM_S3_ENDPOINT", "http://127.0.0.1:7480"),
            ("TRAILNORM_KMS_ENDPOINT", "http://127.0.0.1:4000/")));

        settings.Function.Should().Be(LambdaFunction.Seal);
        settings.EvidencePrefix.Should().Be("org/prod/");
        settings.KmsDataKeyId.Should().Be("alias/evidence");
        settings.SigningKeyId.Should().Be("arn:aws:kms:eu-west-1:111122223333:key/abc");
        settings.LogOrigin.Should().Be("example.com/audit");
        settings.Retention.Days.Should().Be(2555);
        settings.SnsTopics.Should().BeEquivalentTo(["arn:aws:sns:eu-west-1:111122223333:a", "arn:aws:sns:eu-west-1:111122223333:b"]);
        settings.SourceBuckets.Should().BeEquivalentTo(["trail-logs"]);
        settings.S3Endpoint.Should().Be(new Uri("http://127.0.0.1:7480"));
        settings.KmsEndpoint.Should().Be(new Uri("http://127.0.0.1:4000/"));
    }

    [Theory]
    [InlineData("AWS_REGION", "AWS_REGION is not set")]
    [InlineData("TRAILNORM_EVIDENCE_BUCKET", "TRAILNORM_EVIDENCE_BUCKET is not set")]
    [InlineData("_HANDLER", "_HANDLER is not set")]
    public void A_missing_required_variable_is_named(string name, string message)
    {
        var act = () => Read(With((name, null)));

        act.Should().Throw<LambdaSettingsException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var act = () => LambdaSettings.Read(_ => null);

        act.Should().Throw<LambdaSettingsException>()
            .Which.Message.Should().Contain("_HANDLER").And.Contain("AWS_REGION").And.Contain("TRAILNORM_EVIDENCE_BUCKET");
    }

    [Theory]
    [InlineData("89", "below the 90-day minimum")]
    [InlineData("0", "below the 90-day minimum")]
    [InlineData("-400", "not a whole number")]
    [InlineData("one year", "not a whole number")]
    public void Retention_below_the_minimum_or_unreadable_is_refused(string days, string message)
    {
        var act = () => Read(With(("TRAILNORM_RETENTION_DAYS", days)));

        act.Should().Throw<LambdaSettingsException>().WithMessage($"*TRAILNORM_RETENTION_DAYS*{message}*");
    }

    [Theory]
    [InlineData(null, 4)]
    [InlineData("medium", 3)]
    [InlineData("Critical", 5)]
    public void The_escalation_level_sets_the_finding_threshold(string? level, int severityId)
    {
        var settings = Read(level is null ? With() : With(("TRAILNORM_ESCALATION_LEVEL", level)));

        settings.Escalation!.MinimumSeverityId.Should().Be(severityId);
    }

    [Fact]
    public void Escalation_level_none_turns_escalation_off() =>
        Read(With(("TRAILNORM_ESCALATION_LEVEL", "none"))).Escalation.Should().BeNull();

    [Fact]
    public void An_unknown_escalation_level_is_refused()
    {
        var act = () => Read(With(("TRAILNORM_ESCALATION_LEVEL", "severe")));

        act.Should().Throw<LambdaSettingsException>().WithMessage("*TRAILNORM_ESCALATION_LEVEL 'severe' is not a rule level*");
    }

    [Fact]
    public void An_unknown_handler_is_refused()
    {
        var act = () => Read(With(("_HANDLER", "bootstrap.handler")));

        act.Should().Throw<LambdaSettingsException>().WithMessage("*_HANDLER 'bootstrap.handler' is unknown (expected 'sqs' or 'seal')*");
    }

    [Fact]
    public void The_seal_function_needs_its_signing_key()
    {
        var act = () => Read(With(("_HANDLER", "seal")));

        act.Should().Throw<LambdaSettingsException>().WithMessage("*TRAILNORM_SIGNING_KEY_ID is not set*");
    }

    [Theory]
    [InlineData("TRAILNORM_S3_ENDPOINT", "ftp://127.0.0.1:7480")]
    [InlineData("TRAILNORM_S3_ENDPOINT", "127.0.0.1:7480")]
    [InlineData("TRAILNORM_KMS_ENDPOINT", "http://user:pw@127.0.0.1:4000")]
    [InlineData("TRAILNORM_EVIDENCE_PREFIX", "../other")]
    [InlineData("TRAILNORM_EVIDENCE_PREFIX", "/rooted")]
    [InlineData("TRAILNORM_SNS_CERT_DIR", "/no/such/folder")]
    public void Malformed_values_are_refused_by_name(string name, string value)
    {
        var act = () => Read(With((name, value)));

        act.Should().Throw<LambdaSettingsException>().WithMessage($"*{name}*");
    }
}
