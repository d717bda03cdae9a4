using Amazon.CDK;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Constructs;

namespace TrailNormalizer.Infra.Aws;

/// <summary>
/// The SNS topic the seal function publishes escalated detection findings to, encrypted with a key of its own whose
/// policy lets IAM grant its use (the seal role gets GenerateDataKey and Decrypt through SNS only). Subscriptions are
/// the user's: SNS decrypts before delivery, so subscribers need nothing of the key.
/// </summary>
public sealed class FindingsTopic : Construct
{
    private static readonly string[] KeyUsage = ["kms:GenerateDataKey", "kms:Decrypt"];

    public FindingsTopic(Construct scope, string id) : base(scope, id)
    {
        Key = new Key(this, "Key", new KeyProps
        {
            Description = "TrailNormalizer findings topic encryption (SNS SSE)",
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        Keys.ReplacePolicy(Key, KeyUsage);
        Topic = new Topic(this, "Topic", new TopicProps
        {
            DisplayName = "TrailNormalizer detection findings",
            MasterKey = Key,
        });
    }

    public Key Key { get; }

    public Topic Topic { get; }
}
