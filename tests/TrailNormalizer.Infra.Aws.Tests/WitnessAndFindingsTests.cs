using System.Text.Json;

namespace TrailNormalizer.Infra.Aws.Tests;

/// <summary>The findings topic and the witness bucket: what the seal function is told and what a created witness bucket is.</summary>
[Collection(CdkTests.Name)]
public sealed class WitnessAndFindingsTests(SynthesizedStacks stacks)
{
    [Fact]
    public void The_findings_topic_is_encrypted_with_its_own_retained_key_and_has_no_subscriptions()
    {
        var topic = stacks.Defaults.Resources.GetProperty(stacks.Defaults.FindingsTopic()).Properties();

        topic.GetProperty("KmsMasterKeyId").GetRawText().Should().Contain(stacks.Defaults.FindingsKey());
        stacks.Defaults.ResourcesOfType("AWS::SNS::Subscription").Should().BeEmpty();
        stacks.Defaults.Resources.GetProperty(stacks.Defaults.FindingsKey()).GetProperty("DeletionPolicy").GetString().Should().Be("Retain");
    }

    [Fact]
    public void The_seal_function_gets_the_topic_and_the_witness_and_the_sqs_function_neither()
    {
        var seal = Environment(stacks.Full, "seal");
        var sqs = Environment(stacks.Full, "sqs");

        seal.GetProperty("TRAILNORM_FINDINGS_TOPIC_ARN").GetRawText().Should().Contain(stacks.Full.FindingsTopic());
        seal.GetProperty("TRAILNORM_WITNESS_BUCKET").GetString().Should().Be(SynthesizedStacks.WitnessBucket, "an ARN is reduced to the bucket name");
        seal.GetProperty("TRAILNORM_WITNESS_PREFIX").GetString().Should().Be(SynthesizedStacks.WitnessPrefix);
        sqs.TryGetProperty("TRAILNORM_FINDINGS_TOPIC_ARN", out _).Should().BeFalse();
        sqs.TryGetProperty("TRAILNORM_WITNESS_BUCKET", out _).Should().BeFalse();
        Environment(stacks.Defaults, "seal").TryGetProperty("TRAILNORM_WITNESS_BUCKET", out _).Should().BeFalse();
    }

    [Fact]
    public void A_witness_bucket_created_in_the_stack_is_locked_retained_and_named_to_the_sealer()
    {
        var template = stacks.OwnWitness;
        var witness = template.SingleLogicalId("AWS::S3::Bucket", r =>
            r.Properties().TryGetProperty("ObjectLockEnabled", out _) && !r.Properties().TryGetProperty("LoggingConfiguration", out _)
            && r.Properties().GetProperty("BucketEncryption").GetRawText().Contains("AES256", StringComparison.Ordinal));
        var bucket = template.Resources.GetProperty(witness);

        bucket.GetProperty("DeletionPolicy").GetString().Should().Be("Retain");
        bucket.Properties().GetProperty("ObjectLockConfiguration").GetProperty("Rule").GetProperty("DefaultRetention").GetProperty("Mode").GetString().Should().Be("COMPLIANCE");
        Environment(template, "seal").GetProperty("TRAILNORM_WITNESS_BUCKET").GetRawText().Should().Contain(witness);
        var copy = PolicyStatements.All(template).Single(s => s.Sid == "CopyCheckpointsToWitness");
        copy.ResourceJson.Should().Contain(witness).And.Contain("/log/checkpoints/*\"");
        copy.Actions.Should().NotContain(a => a.StartsWith("s3:Delete", StringComparison.Ordinal) || a == "s3:ListBucket");
    }

    private static JsonElement Environment(SynthesizedTemplate template, string handler) =>
        template.Function(handler).Resource.Properties().GetProperty("Environment").GetProperty("Variables");
}
