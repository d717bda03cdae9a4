using Amazon.CDK.Assertions;
using static TrailNormalizer.Infra.Aws.Tests.Props;

namespace TrailNormalizer.Infra.Aws.Tests;

[Collection(CdkTests.Name)]
public sealed class KeysTests(SynthesizedStacks stacks)
{
    [Fact]
    public void Data_key_is_symmetric_rotated_and_retained()
    {
        stacks.Defaults.Template.HasResource("AWS::KMS::Key", Of(
            ("Properties", Match.ObjectLike(Of(("EnableKeyRotation", true), ("KeySpec", Match.Absent())))),
            ("DeletionPolicy", "Retain"),
            ("UpdateReplacePolicy", "Retain")));
    }

    [Fact]
    public void Signing_key_is_p256_for_sign_and_verify_and_retained()
    {
        stacks.Defaults.Template.HasResource("AWS::KMS::Key", Of(
            ("Properties", Match.ObjectLike(Of(("KeySpec", "ECC_NIST_P256"), ("KeyUsage", "SIGN_VERIFY")))),
            ("DeletionPolicy", "Retain"),
            ("UpdateReplacePolicy", "Retain")));
        stacks.Defaults.Template.ResourceCountIs("AWS::KMS::Key", 3); // and the findings topic's key
    }

    [Fact]
    public void Key_policies_name_their_actions_and_allow_no_deletion_or_disabling()
    {
        var keyStatements = PolicyStatements.All(stacks.Defaults).Where(s => s.ResourceType == "AWS::KMS::Key").ToList();

        keyStatements.Should().HaveCount(6, "two statements per key: administration and use through IAM");
        keyStatements.SelectMany(s => s.Actions).Should().OnlyContain(a => a.StartsWith("kms:", StringComparison.Ordinal) && !a.Contains('*', StringComparison.Ordinal));
        keyStatements.SelectMany(s => s.Actions).Should().NotContain(["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation", "kms:DeleteAlias", "kms:DeleteImportedKeyMaterial"]);
        keyStatements.Should().OnlyContain(s => s.Effect == "Allow" && s.NotActions.Count == 0);
    }

    [Fact]
    public void Signing_key_policy_lets_iam_grant_sign_verify_and_get_public_key_only()
    {
        var signingKey = stacks.Defaults.SingleLogicalId("AWS::KMS::Key", r => r.GetProperty("Properties").TryGetProperty("KeySpec", out _));
        var use = PolicyStatements.All(stacks.Defaults).Single(s => s.LogicalId == signingKey && s.Sid == "KeyUseThroughIamPolicies");

        use.Actions.Should().BeEquivalentTo("kms:Sign", "kms:Verify", "kms:GetPublicKey");
    }
}
