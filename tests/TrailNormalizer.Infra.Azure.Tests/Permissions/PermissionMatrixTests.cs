using TrailNormalizer.Azure;

namespace TrailNormalizer.Infra.Azure.Tests.Permissions;

/// <summary>
/// The roles infra/azure assigns to the Function App's identity grant exactly what the handler's declared operations
/// need (<see cref="CloudOperations"/>, mapped by <see cref="AzurePermissionTable"/>): nothing missing, nothing beyond
/// except the reviewed extras of built-in roles.
/// </summary>
public sealed class PermissionMatrixTests
{
    private static readonly Lazy<IReadOnlyList<Grant>> Grants = new(() => GrantedPermissions.Read(BuiltTemplate.Main));

    [Fact]
    public void Every_declared_operation_has_a_documented_permission()
    {
        foreach (var operation in CloudOperations.All)
        {
            AzurePermissionTable.For(operation).Should().NotBeEmpty(operation.Operation);
        }
    }

    [Fact]
    public void No_permission_the_handler_needs_is_missing()
    {
        var granted = GrantedPermissions.ByResource(Grants.Value);

        var missing = AzurePermissionTable.Required()
            .SelectMany(need => need.Value.Where(p => !granted.GetValueOrDefault(need.Key, []).Contains(p)).Select(p => $"{need.Key}: {p}"))
            .ToList();

        missing.Should().BeEmpty("every operation in functions-azure/TrailNormalizer.Azure/CloudOperations.cs must be granted on its resource");
    }

    [Fact]
    public void Nothing_is_granted_beyond_what_the_handler_needs()
    {
        var required = AzurePermissionTable.Required();

        var beyond = GrantedPermissions.ByResource(Grants.Value)
            .SelectMany(grant => grant.Value
                .Where(p => !required.GetValueOrDefault(grant.Key, []).Contains(p) && !AzurePermissionTable.ReviewedExtras.ContainsKey((grant.Key, p)))
                .Select(p => $"{grant.Key}: {p}"))
            .ToList();

        beyond.Should().BeEmpty("a role may grant only what a declared operation needs (or a reviewed extra of a built-in role)");
    }

    [Fact]
    public void Each_resource_the_handler_uses_has_its_own_assignment()
    {
        Grants.Value.Select(g => g.Resource).Should().BeEquivalentTo(Enum.GetValues<AzureResource>());
        Grants.Value.Single(g => g.Resource == AzureResource.EvidenceContainer).Role.Should().Contain("TrailNormalizer Evidence Writer");
        Grants.Value.Single(g => g.Resource == AzureResource.SigningKey).Role.Should().Contain("TrailNormalizer Checkpoint Signer");
    }

    [Fact]
    public void The_reviewed_extras_are_still_granted()
    {
        var granted = GrantedPermissions.ByResource(Grants.Value);

        foreach (var ((resource, permission), why) in AzurePermissionTable.ReviewedExtras)
        {
            granted.GetValueOrDefault(resource, []).Should().Contain(permission, $"a stale allowance hides nothing: {why}");
        }
    }
}
