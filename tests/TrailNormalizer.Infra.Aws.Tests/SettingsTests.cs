using Amazon.CDK;
using TrailNormalizer.Infra.Aws;

namespace TrailNormalizer.Infra.Aws.Tests;

// In the CDK collection so that jsii calls never run concurrently with the fixture's synth.
[Collection(CdkTests.Name)]
public sealed class SettingsTests
{
    [Fact]
    public void Empty_context_gives_the_documented_defaults()
    {
        var settings = TrailNormalizerSettings.FromContext(new App().Node);

        settings.Should().BeEquivalentTo(new TrailNormalizerSettings());
        settings.RetentionDays.Should().Be(400);
        settings.Arm64.Should().BeFalse();
        settings.SealRateMinutes.Should().Be(5);
        settings.BootstrapDir.Should().Be("../../functions-aws/TrailNormalizer.Aws/bin/Release/net10.0/linux-x64/publish");
        settings.CloudTrailBucket.Should().BeNull();
    }

    [Fact]
    public void Context_values_as_the_cli_passes_them_are_parsed()
    {
        var settings = TrailNormalizerSettings.FromContext(AppWith(
            ("retentionDays", "500"), ("architecture", "arm64"), ("cloudTrailBucket", "my-trail"), ("evidencePrefix", "ev/"),
            ("snsTopics", "arn:aws:sns:eu-west-1:111122223333:a, arn:aws:sns:eu-west-1:111122223333:b"),
            ("serverAccessLogs", "true"), ("readOnlyEvents", "true"), ("sealRateMinutes", "15"), ("bootstrapDir", "/opt/publish")).Node);

        settings.RetentionDays.Should().Be(500);
        settings.Arm64.Should().BeTrue();
        settings.CloudTrailBucket.Should().Be("my-trail");
        settings.EvidencePrefix.Should().Be("ev/");
        settings.SnsTopics.Should().Equal("arn:aws:sns:eu-west-1:111122223333:a", "arn:aws:sns:eu-west-1:111122223333:b");
        settings.ServerAccessLogs.Should().BeTrue();
        settings.ReadOnlyEvents.Should().BeTrue();
        settings.SealRateMinutes.Should().Be(15);
        settings.BootstrapDir.Should().Be("/opt/publish");
    }

    [Fact]
    public void Seal_concurrency_and_global_event_forwarding_are_off_unless_asked()
    {
        var defaults = TrailNormalizerSettings.FromContext(new App().Node);
        var asked = TrailNormalizerSettings.FromContext(AppWith(("sealReservedConcurrency", "1"), ("forwardGlobalEvents", "true")).Node);

        defaults.SealReservedConcurrency.Should().BeNull();
        defaults.ForwardGlobalEvents.Should().BeFalse();
        asked.SealReservedConcurrency.Should().Be(1);
        asked.ForwardGlobalEvents.Should().BeTrue();
        var zero = () => TrailNormalizerSettings.FromContext(AppWith(("sealReservedConcurrency", "0")).Node);
        zero.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*sealReservedConcurrency*");
    }

    [Theory]
    [InlineData("us-east-1", "*outside us-east-1*")]
    [InlineData("", "*CDK_DEFAULT_REGION*")]
    public void Forwarding_global_events_needs_a_home_region_other_than_us_east_1(string region, string message)
    {
        var check = () => GlobalEventsForwarderStack.EnsureForwardable(region);

        check.Should().Throw<ArgumentException>().WithMessage(message);
        GlobalEventsForwarderStack.EnsureForwardable("eu-west-1");
    }

    [Fact]
    public void Context_values_as_cdk_json_types_them_are_parsed()
    {
        var settings = TrailNormalizerSettings.FromContext(AppWith(("retentionDays", 120), ("serverAccessLogs", true)).Node);

        settings.RetentionDays.Should().Be(120);
        settings.ServerAccessLogs.Should().BeTrue();
    }

    [Theory]
    [InlineData("89")]
    [InlineData("30")]
    [InlineData("0")]
    [InlineData("-400")]
    public void Retention_below_ninety_days_is_refused_at_synth(string days)
    {
        var act = () => TrailNormalizerSettings.FromContext(AppWith(("retentionDays", days)).Node);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*retentionDays must be at least 90 days*");
    }

    [Fact]
    public void Ninety_days_is_accepted()
    {
        TrailNormalizerSettings.FromContext(AppWith(("retentionDays", "90")).Node).RetentionDays.Should().Be(90);
    }

    [Fact]
    public void A_stack_built_with_short_retention_throws_before_anything_is_synthesized()
    {
        var act = () => new TrailNormalizerStack(new App(), "Short", new TrailNormalizerSettings { RetentionDays = 89 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*at least 90*got 89*");
    }

    [Theory]
    [InlineData("architecture", "aarch64", "*architecture*")]
    [InlineData("retentionDays", "a year", "*retentionDays must be a whole number*")]
    [InlineData("cloudTrailBucket", "Not_A_Bucket", "*cloudTrailBucket*")]
    [InlineData("evidencePrefix", "evidence", "*evidencePrefix*")]
    [InlineData("evidencePrefix", "ev*/", "*evidencePrefix*")]
    [InlineData("snsTopics", "arn:aws:sqs:us-east-1:1:q", "*snsTopics*")]
    [InlineData("sealRateMinutes", "0", "*sealRateMinutes*")]
    [InlineData("serverAccessLogs", "yes", "*serverAccessLogs*")]
    [InlineData("cloudTrailKeyArn", "arn:aws:kms:us-east-1:1:key/k", "*needs cloudTrailBucket*")]
    [InlineData("witnessBucket", "Witness_Bucket", "*witnessBucket*")]
    [InlineData("witnessBucket", "arn:aws:sns:::witness", "*witnessBucket*")]
    [InlineData("witnessPrefix", "witness", "*witnessPrefix*")]
    [InlineData("queryDatabase", "Trail-Normalizer", "*queryDatabase*")]
    [InlineData("queryAccounts", "111122223333,*", "*queryAccounts*")]
    [InlineData("queryRegions", "eu-west-1,../x", "*queryRegions*")]
    [InlineData("queryStartDate", "2020-13-01", "*queryStartDate*")]
    [InlineData("queryBytesScannedCutoffGb", "0", "*queryBytesScannedCutoffGb*")]
    [InlineData("analystPrincipalArn", "alice", "*analystPrincipalArn*")]
    public void Invalid_context_values_fail_with_a_message_naming_the_key(string key, string value, string message)
    {
        var act = () => TrailNormalizerSettings.FromContext(AppWith((key, value)).Node);

        act.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void A_witness_bucket_is_named_or_created_not_both()
    {
        var both = () => TrailNormalizerSettings.FromContext(AppWith(("witnessBucket", "audit-witness"), ("createWitnessBucket", "true")).Node);
        var named = TrailNormalizerSettings.FromContext(AppWith(("witnessBucket", "arn:aws:s3:::audit-witness"), ("witnessPrefix", "prod/")).Node);

        both.Should().Throw<ArgumentException>().WithMessage("*set only one*");
        named.WitnessBucketName.Should().Be("audit-witness");
        named.WitnessPrefix.Should().Be("prod/");
    }

    [Fact]
    public void Query_settings_come_from_context()
    {
        var settings = TrailNormalizerSettings.FromContext(AppWith(
            ("queryDatabase", "audit_2026"), ("queryAccounts", "111122223333, 444455556666"), ("queryRegions", "eu-west-1,eu-central-1"),
            ("queryStartDate", "2025-06-01"), ("queryBytesScannedCutoffGb", "50"), ("analystPrincipalArn", "arn:aws:iam::111122223333:role/Siem")).Node);

        settings.QueryDatabaseName.Should().Be("audit_2026");
        settings.QueryAccounts.Should().Equal("111122223333", "444455556666");
        settings.QueryRegions.Should().Equal("eu-west-1", "eu-central-1");
        settings.QueryStartDate.Should().Be("2025-06-01");
        settings.QueryBytesScannedCutoffGb.Should().Be(50);
        settings.AnalystPrincipalArn.Should().Be("arn:aws:iam::111122223333:role/Siem");
    }

    [Fact]
    public void A_missing_bootstrap_tells_how_to_publish_it()
    {
        var empty = Directory.CreateTempSubdirectory("trailnorm-nobootstrap-");
        try
        {
            var act = () => new TrailNormalizerStack(new App(), "NoCode", new TrailNormalizerSettings { BootstrapDir = empty.FullName });

            act.Should().Throw<ArgumentException>().WithMessage("*holds no 'bootstrap'*dotnet publish functions-aws/TrailNormalizer.Aws*");
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static App AppWith(params (string Key, object Value)[] context) =>
        new(new AppProps { Context = context.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal) });
}
