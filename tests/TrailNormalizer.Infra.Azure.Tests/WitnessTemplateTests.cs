using System.Text.Json.Nodes;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>The witness option: created with immutability or taken, possibly in another subscription, with a role that cannot delete.</summary>
public sealed class WitnessTemplateTests
{
    private static BuiltTemplate Template => BuiltTemplate.Main;

    [Fact]
    public void The_witness_is_off_by_default_and_deploys_into_the_subscription_and_group_it_is_given()
    {
        var parameters = Template.Root["parameters"]!;
        parameters["witnessMode"]!["defaultValue"]!.ToString().Should().Be("None");
        parameters["witnessMode"]!["allowedValues"]!.AsArray().Select(v => v!.ToString()).Should().Equal("None", "Create", "Existing");

        var module = Template.Root["resources"]!["witness"]!;
        module["condition"]!.ToString().Should().Be("[variables('useWitness')]");
        module["subscriptionId"]!.ToString().Should().Be("[parameters('witnessSubscriptionId')]");
        module["resourceGroup"]!.ToString().Should().Be("[parameters('witnessResourceGroup')]");
        module["properties"]!["parameters"]!["retentionDays"]!["value"]!.ToString().Should().Be("[parameters('retentionDays')]");
    }

    [Fact]
    public void A_created_witness_has_version_level_immutability_and_no_shared_keys()
    {
        var account = Template.InModule("witness", "Microsoft.Storage/storageAccounts").Single();

        account.Json["condition"]!.ToString().Should().Be("[parameters('create')]");
        account.Text("properties.immutableStorageWithVersioning.enabled").Should().Be("true");
        account.Text("properties.immutableStorageWithVersioning.immutabilityPolicy.immutabilityPeriodSinceCreationInDays").Should().Be("[parameters('retentionDays')]");
        account.Text("properties.allowSharedKeyAccess").Should().Be("false");
        Template.InModule("witness", "Microsoft.Storage/storageAccounts/blobServices/containers").Single()
            .Text("properties.immutableStorageWithVersioning.enabled").Should().Be("true");
    }

    [Fact]
    public void The_witness_role_is_on_the_container_only_and_can_neither_delete_nor_list_elsewhere()
    {
        var role = Template.InModule("witness", "Microsoft.Authorization/roleDefinitions").Single();
        var permissions = role.Properties["permissions"]!.AsArray().Single()!;
        var all = Strings(permissions["actions"]).Concat(Strings(permissions["dataActions"])).ToList();

        all.Should().NotContain(a => a.Contains("delete", StringComparison.OrdinalIgnoreCase) || a.Contains('*') || a.Contains("tags", StringComparison.OrdinalIgnoreCase));
        Strings(role.Properties["assignableScopes"]).Should().Equal("[resourceGroup().id]");
        var assignment = Template.InModule("witness", "Microsoft.Authorization/roleAssignments").Single();
        assignment.Text("scope").Should().Contain("blobServices/containers").And.Contain("parameters('containerName')");
        assignment.Text("properties.principalId").Should().Be("[parameters('writerPrincipalId')]");
    }

    [Fact]
    public void The_app_is_told_the_witness_container_and_the_deployment_prints_it()
    {
        Template.Root["outputs"]!["witnessContainerUrl"].Should().NotBeNull();
        Template.Root["resources"]!["functionApp"]!["properties"]!["parameters"]!["outboundSettings"]!["value"]!.AsArray()
            .Should().Contain(s => s!["name"]!.ToString() == "TRAILNORM_WITNESS_CONTAINER_URL" && s["value"]!.ToString().Contains("witness", StringComparison.Ordinal));
    }

    private static List<string> Strings(JsonNode? array) =>
        array is JsonArray list ? list.Select(n => n!.ToString()).ToList() : [];
}
