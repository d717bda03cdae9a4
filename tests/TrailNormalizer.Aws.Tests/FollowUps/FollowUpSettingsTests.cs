using TrailNormalizer.Aws.Configuration;

namespace TrailNormalizer.Aws.Tests.FollowUps;

public sealed class FollowUpSettingsTests
{
    private static Dictionary<string, string?> Seal() => new()
    {
        ["_HANDLER"] = "seal",
        ["AWS_REGION"] = "eu-west-1",
        ["TRAILNORM_EVIDENCE_BUCKET"] = "evidence-bucket",
        ["TRAILNORM_SIGNING_KEY_ID"] = "arn:aws:kms:eu-west-1:123456789012:key/k",
    };

    [Fact]
    public void Witness_and_findings_are_off_unless_set()
    {
        var settings = LambdaSettings.Read(Seal().GetValueOrDefault);

        settings.WitnessBucket.Should().BeNull();
        settings.FindingsTopicArn.Should().BeNull();
    }

    [Fact]
    public void Witness_and_findings_settings_are_read()
    {
        var environment = Seal();
        environment["TRAILNORM_WITNESS_BUCKET"] = "audit-witness";
        environment["TRAILNORM_WITNESS_PREFIX"] = "prod/";
        environment["TRAILNORM_FINDINGS_TOPIC_ARN"] = "arn:aws:sns:eu-west-1:123456789012:trailnorm-findings";

        var settings = LambdaSettings.Read(environment.GetValueOrDefault);

        settings.WitnessBucket.Should().Be("audit-witness");
        settings.WitnessPrefix.Should().Be("prod/");
        settings.FindingsTopicArn.Should().Be("arn:aws:sns:eu-west-1:123456789012:trailnorm-findings");
    }

    [Theory]
    [InlineData("TRAILNORM_WITNESS_BUCKET", "evidence-bucket", "*TRAILNORM_WITNESS_BUCKET*other than the evidence bucket*")]
    [InlineData("TRAILNORM_WITNESS_PREFIX", "../up", "*TRAILNORM_WITNESS_PREFIX*")]
    [InlineData("TRAILNORM_FINDINGS_TOPIC_ARN", "arn:aws:sqs:eu-west-1:123456789012:q", "*TRAILNORM_FINDINGS_TOPIC_ARN*not an SNS topic ARN*")]
    [InlineData("TRAILNORM_FINDINGS_TOPIC_ARN", "arn:aws:sns:eu-west-1:1234:t", "*TRAILNORM_FINDINGS_TOPIC_ARN*")]
    [InlineData("TRAILNORM_SNS_ENDPOINT", "ftp://127.0.0.1/", "*TRAILNORM_SNS_ENDPOINT*")]
    public void Wrong_values_are_configuration_errors_naming_the_variable(string name, string value, string message)
    {
        var environment = Seal();
        environment[name] = value;

        var read = () => LambdaSettings.Read(environment.GetValueOrDefault);

        read.Should().Throw<LambdaSettingsException>().WithMessage(message);
    }
}
