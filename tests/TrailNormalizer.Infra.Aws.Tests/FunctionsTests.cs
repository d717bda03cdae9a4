using System.Text.Json;
using Amazon.CDK.Assertions;
using static TrailNormalizer.Infra.Aws.Tests.Props;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class FunctionsTests(SynthesizedStacks stacks)
{
    [Theory]
    [InlineData("sqs", 60)]
    [InlineData("seal", 300)]
    public void Both_functions_run_the_published_bootstrap_on_al2023(string handler, int timeout)
    {
        stacks.Defaults.Template.HasResourceProperties("AWS::Lambda::Function", Of(
            ("Handler", handler),
            ("Runtime", "provided.al2023"),
            ("Architectures", new object[] { "x86_64" }),
            ("MemorySize", 512),
            ("Timeout", timeout),
            ("TracingConfig", Of(("Mode", "Active")))));
        stacks.Full.Template.HasResourceProperties("AWS::Lambda::Function", Of(
            ("Handler", handler), ("Architectures", new object[] { "arm64" })));
    }

    [Fact]
    public void Both_functions_share_one_code_asset()
    {
        var sqs = stacks.Defaults.Function("sqs").Resource.Properties().GetProperty("Code").GetRawText();
        var seal = stacks.Defaults.Function("seal").Resource.Properties().GetProperty("Code").GetRawText();

        seal.Should().Be(sqs);
    }

    [Fact]
    public void The_code_asset_holds_the_bootstrap_without_debug_symbols()
    {
        var asset = Directory.GetDirectories(stacks.OutDir, "asset.*").Should().ContainSingle().Subject;

        Directory.GetFiles(asset).Select(Path.GetFileName).Should().Equal("bootstrap");
    }

    [Fact]
    public void No_function_reserves_concurrency_unless_asked_so_low_quota_accounts_can_deploy()
    {
        stacks.Defaults.Function("seal").Resource.Properties().TryGetProperty("ReservedConcurrentExecutions", out _).Should().BeFalse();
        stacks.Defaults.Function("sqs").Resource.Properties().TryGetProperty("ReservedConcurrentExecutions", out _).Should().BeFalse();
        stacks.Full.Function("seal").Resource.Properties().GetProperty("ReservedConcurrentExecutions").GetInt32().Should().Be(1);
        stacks.Full.Function("sqs").Resource.Properties().TryGetProperty("ReservedConcurrentExecutions", out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("sqs")]
    [InlineData("seal")]
    public void Each_function_logs_to_its_own_log_group_with_a_retention(string handler)
    {
        var logGroup = stacks.Defaults.Function(handler).Resource.Properties()
            .GetProperty("LoggingConfig").GetProperty("LogGroup").GetProperty("Ref").GetString()!;

        stacks.Defaults.Resources.GetProperty(logGroup).Properties().GetProperty("RetentionInDays").GetInt32().Should().Be(365);
    }

    [Fact]
    public void The_queue_feeds_the_sqs_function_with_partial_batch_responses()
    {
        var sqs = stacks.Defaults.Function("sqs").LogicalId;
        var queue = stacks.Defaults.Queue(deadLetter: false).LogicalId;
        stacks.Defaults.Template.ResourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        stacks.Defaults.Template.HasResourceProperties("AWS::Lambda::EventSourceMapping", Of(
            ("FunctionName", Of(("Ref", sqs))),
            ("EventSourceArn", Of(("Fn::GetAtt", new object[] { queue, "Arn" }))),
            ("BatchSize", 10),
            ("MaximumBatchingWindowInSeconds", 5),
            ("FunctionResponseTypes", new object[] { "ReportBatchItemFailures" })));
    }

    [Fact]
    public void Environment_follows_the_contract_with_defaults()
    {
        var bucket = stacks.Defaults.EvidenceBucket();
        var dataKey = stacks.Defaults.Key(signing: false);
        var signingKey = stacks.Defaults.Key(signing: true);

        Environment(stacks.Defaults, "sqs").Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["TRAILNORM_EVIDENCE_BUCKET"] = $$"""{"Ref":"{{bucket}}"}""",
            ["TRAILNORM_KMS_DATA_KEY_ID"] = $$"""{"Fn::GetAtt":["{{dataKey}}","Arn"]}""",
            ["TRAILNORM_RETENTION_DAYS"] = "\"400\"",
        });
        Environment(stacks.Defaults, "seal").Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["TRAILNORM_EVIDENCE_BUCKET"] = $$"""{"Ref":"{{bucket}}"}""",
            ["TRAILNORM_KMS_DATA_KEY_ID"] = $$"""{"Fn::GetAtt":["{{dataKey}}","Arn"]}""",
            ["TRAILNORM_RETENTION_DAYS"] = "\"400\"",
            ["TRAILNORM_SIGNING_KEY_ID"] = $$"""{"Fn::GetAtt":["{{signingKey}}","Arn"]}""",
            ["TRAILNORM_FINDINGS_TOPIC_ARN"] = $$"""{"Ref":"{{stacks.Defaults.FindingsTopic()}}"}""",
        });
    }

    [Fact]
    public void Environment_carries_every_option_that_was_set()
    {
        var sqs = Environment(stacks.Full, "sqs");
        var seal = Environment(stacks.Full, "seal");

        sqs["TRAILNORM_EVIDENCE_PREFIX"].Should().Be("\"evidence/\"");
        sqs["TRAILNORM_RETENTION_DAYS"].Should().Be("\"730\"");
        sqs["TRAILNORM_SNS_TOPICS"].Should().Be($"\"{SynthesizedStacks.SnsTopic}\"");
        sqs["TRAILNORM_SOURCE_BUCKETS"].Should().Be($"\"{SynthesizedStacks.CloudTrailBucket}\"");
        sqs["TRAILNORM_LOG_ORIGIN"].Should().Be("\"example.com/trailnormalizer\"");
        sqs.Should().NotContainKey("TRAILNORM_SIGNING_KEY_ID");
        seal["TRAILNORM_EVIDENCE_PREFIX"].Should().Be("\"evidence/\"");
        seal.Should().ContainKey("TRAILNORM_SIGNING_KEY_ID").And.NotContainKeys("TRAILNORM_SNS_TOPICS", "TRAILNORM_SOURCE_BUCKETS");
    }

    private static Dictionary<string, string> Environment(SynthesizedTemplate template, string handler) =>
        template.Function(handler).Resource.Properties().GetProperty("Environment").GetProperty("Variables")
            .EnumerateObject().ToDictionary(v => v.Name, v => JsonSerializer.Serialize(v.Value), StringComparer.Ordinal);
}
