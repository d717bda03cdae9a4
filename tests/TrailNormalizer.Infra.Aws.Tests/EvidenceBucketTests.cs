using Amazon.CDK.Assertions;
using static TrailNormalizer.Infra.Aws.Tests.Props;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class EvidenceBucketTests(SynthesizedStacks stacks)
{
    private static bool IsEvidenceBucket(System.Text.Json.JsonElement r) =>
        r.GetProperty("Properties").TryGetProperty("ObjectLockEnabled", out var on) && on.GetBoolean();

    [Fact]
    public void Object_lock_defaults_to_compliance_with_the_configured_days()
    {
        stacks.Defaults.Template.HasResourceProperties("AWS::S3::Bucket", Of(
            ("ObjectLockEnabled", true),
            ("ObjectLockConfiguration", Of(
                ("ObjectLockEnabled", "Enabled"),
                ("Rule", Of(("DefaultRetention", Of(("Mode", "COMPLIANCE"), ("Days", 400)))))))));
        stacks.Full.Template.HasResourceProperties("AWS::S3::Bucket", Of(
            ("ObjectLockConfiguration", Match.ObjectLike(Of(
                ("Rule", Of(("DefaultRetention", Of(("Mode", "COMPLIANCE"), ("Days", 730))))))))));
    }

    [Fact]
    public void Is_versioned_private_and_encrypted_with_the_data_key_and_a_bucket_key()
    {
        var dataKey = stacks.Defaults.Key(signing: false);
        stacks.Defaults.Template.HasResourceProperties("AWS::S3::Bucket", Of(
            ("ObjectLockEnabled", true),
            ("VersioningConfiguration", Of(("Status", "Enabled"))),
            ("BucketEncryption", Of(("ServerSideEncryptionConfiguration", new object[]
            {
                Of(
                    ("BucketKeyEnabled", true),
                    ("ServerSideEncryptionByDefault", Of(
                        ("SSEAlgorithm", "aws:kms"),
                        ("KMSMasterKeyID", Of(("Fn::GetAtt", new object[] { dataKey, "Arn" }))))))
            }))),
            ("PublicAccessBlockConfiguration", Of(
                ("BlockPublicAcls", true), ("BlockPublicPolicy", true), ("IgnorePublicAcls", true), ("RestrictPublicBuckets", true))),
            ("OwnershipControls", Of(("Rules", new object[] { Of(("ObjectOwnership", "BucketOwnerEnforced")) })))));
    }

    [Fact]
    public void Is_retained_when_the_stack_is_deleted_or_the_bucket_replaced()
    {
        foreach (var stack in stacks.Both)
        {
            stack.Template.HasResource("AWS::S3::Bucket", Of(
                ("Properties", Match.ObjectLike(Of(("ObjectLockEnabled", true)))),
                ("DeletionPolicy", "Retain"),
                ("UpdateReplacePolicy", "Retain")));
        }
    }

    [Fact]
    public void Bucket_policy_denies_every_request_without_tls()
    {
        var bucket = stacks.Defaults.SingleLogicalId("AWS::S3::Bucket", IsEvidenceBucket);
        stacks.Defaults.Template.HasResourceProperties("AWS::S3::BucketPolicy", Of(
            ("Bucket", Of(("Ref", bucket))),
            ("PolicyDocument", Match.ObjectLike(Of(("Statement", Match.ArrayWith(new object[]
            {
                Match.ObjectLike(Of(
                    ("Effect", "Deny"),
                    ("Action", "s3:*"),
                    ("Principal", Of(("AWS", "*"))),
                    ("Condition", Of(("Bool", Of(("aws:SecureTransport", "false"))))))),
            })))))));
    }

    [Fact]
    public void Server_access_logging_is_optional_and_goes_to_a_separate_private_bucket()
    {
        stacks.Defaults.Template.ResourceCountIs("AWS::S3::Bucket", 2); // evidence, Athena results
        stacks.Defaults.Template.HasResourceProperties("AWS::S3::Bucket", Of(("LoggingConfiguration", Match.Absent())));

        stacks.Full.Template.ResourceCountIs("AWS::S3::Bucket", 3);
        var logBucket = stacks.Full.SingleLogicalId("AWS::S3::Bucket", r => !IsEvidenceBucket(r) && !r.Properties().TryGetProperty("LifecycleConfiguration", out _));
        stacks.Full.Template.HasResourceProperties("AWS::S3::Bucket", Of(
            ("ObjectLockEnabled", true),
            ("LoggingConfiguration", Of(("DestinationBucketName", Of(("Ref", logBucket))), ("LogFilePrefix", "evidence-bucket/")))));
        stacks.Full.Template.HasResource("AWS::S3::Bucket", Of(
            ("Properties", Match.ObjectLike(Of(
                ("PublicAccessBlockConfiguration", Match.ObjectLike(Of(("BlockPublicPolicy", true), ("RestrictPublicBuckets", true)))),
                ("ObjectLockEnabled", Match.Absent())))),
            ("DeletionPolicy", "Retain")));
    }
}
