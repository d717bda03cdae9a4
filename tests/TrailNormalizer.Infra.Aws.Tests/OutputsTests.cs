using Amazon.CDK.Assertions;
using static TrailNormalizer.Infra.Aws.Tests.Props;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class OutputsTests(SynthesizedStacks stacks)
{
    [Fact]
    public void Outputs_name_the_bucket_queue_signing_key_and_functions()
    {
        var template = stacks.Defaults;
        template.Template.HasOutput("EvidenceBucketName", Of(("Value", Of(("Ref", template.EvidenceBucket())))));
        template.Template.HasOutput("IngestQueueUrl", Of(("Value", Of(("Ref", template.Queue(deadLetter: false).LogicalId)))));
        template.Template.HasOutput("SigningKeyArn", Of(("Value", Of(("Fn::GetAtt", new object[] { template.Key(signing: true), "Arn" })))));
        template.Template.HasOutput("SqsFunctionName", Of(("Value", Of(("Ref", template.Function("sqs").LogicalId)))));
        template.Template.HasOutput("SealFunctionName", Of(("Value", Of(("Ref", template.Function("seal").LogicalId)))));
    }
}
