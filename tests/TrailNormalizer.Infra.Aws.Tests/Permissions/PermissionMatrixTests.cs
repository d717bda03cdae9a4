using TrailNormalizer.Aws;

namespace TrailNormalizer.Infra.Aws.Tests.Permissions;

/// <summary>
/// Each function's role in the synthesized CloudFormation grants exactly what its declared operations need
/// (<see cref="CloudOperations"/>, mapped by <see cref="AwsPermissionTable"/>) on the right resources: nothing
/// missing, nothing beyond. Checked on both stacks: every option on, and all defaults.
/// </summary>
[Collection(CdkTests.Name)]
public sealed class PermissionMatrixTests(SynthesizedStacks stacks)
{
    public static TheoryData<string, LambdaRoles> Functions => new() { { "sqs", LambdaRoles.Sqs }, { "seal", LambdaRoles.Seal } };

    [Fact]
    public void Every_declared_operation_has_documented_IAM_actions()
    {
        foreach (var operation in CloudOperations.All)
        {
            AwsPermissionTable.For(operation).Should().NotBeEmpty(operation.Operation);
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void The_role_with_every_option_grants_exactly_what_the_function_needs(string handler, LambdaRoles role)
    {
        var granted = RoleGrants.Of(stacks.Full, handler, SynthesizedStacks.CloudTrailBucket, SynthesizedStacks.CloudTrailKeyArn, SynthesizedStacks.WitnessBucket);
        var required = AwsPermissionTable.Required(role, trailBucket: true, trailKey: true, witness: true);

        required.Except(granted).Select(g => g.ToString()).Should().BeEmpty($"the {handler} role must allow every operation it performs");
        granted.Except(required).Select(g => g.ToString()).Should().BeEmpty($"the {handler} role may allow only what it performs");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void The_role_with_defaults_grants_exactly_what_the_function_needs(string handler, LambdaRoles role)
    {
        var granted = RoleGrants.Of(stacks.Defaults, handler, trailBucket: null, trailKeyArn: null);
        var required = AwsPermissionTable.Required(role, trailBucket: false, trailKey: false);

        required.Except(granted).Select(g => g.ToString()).Should().BeEmpty();
        granted.Except(required).Select(g => g.ToString()).Should().BeEmpty();
    }

    [Fact]
    public void A_role_missing_an_action_fails_the_comparison()
    {
        var required = AwsPermissionTable.Required(LambdaRoles.Seal, trailBucket: false, trailKey: false);
        var granted = RoleGrants.Of(stacks.Defaults, "seal", null, null);

        granted.Remove(new IamGrant("kms:Sign", AwsResource.SigningKey)).Should().BeTrue("the seal role signs with the signing key");
        required.Except(granted).Should().ContainSingle().Which.Should().Be(new IamGrant("kms:Sign", AwsResource.SigningKey));
    }
}
