using System.Text.Json.Nodes;
using TrailNormalizer.Azure;
using TrailNormalizer.Cli.Doctor;
using TrailNormalizer.Infra.Azure.Tests.Permissions;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary><c>trailnorm doctor azure</c> on the built template, and on copies with each problem the review found.</summary>
public sealed class DoctorTests : IDisposable
{
    private static readonly string SourceApp = Path.Combine(RepoPaths.Root, "functions-azure", "TrailNormalizer.Azure");
    private readonly string _app = Directory.CreateTempSubdirectory("trailnorm-doctor-app-").FullName;

    public DoctorTests()
    {
        File.Copy(Path.Combine(SourceApp, "host.json"), Path.Combine(_app, "host.json"));
        foreach (var function in new[] { "EventGrid", "Webhook", "Seal", "Follow" })
        {
            Directory.CreateDirectory(Path.Combine(_app, function));
            File.Copy(Path.Combine(SourceApp, function, "function.json"), Path.Combine(_app, function, "function.json"));
        }
    }

    [Fact]
    public void The_template_as_built_has_no_errors_only_things_to_check()
    {
        var findings = AzureDoctor.Examine(Template(), Parameters(("webhookKey", new string('k', 44))), _app);

        findings.Where(f => f.Severity != Severity.Check).Should().BeEmpty();
        findings.Should().Contain(f => f.Area == "region" && f.Message.Contains("Flex Consumption", StringComparison.Ordinal));
        findings.Should().Contain(f => f.Area == "diagnostics" && f.Message.Contains("shared-key", StringComparison.Ordinal));
    }

    [Fact]
    public void A_role_without_containers_read_is_reported_as_a_missing_action()
    {
        var template = Template();
        var role = ArmTemplate.Resources(template).Single(r => r.Type == "Microsoft.Authorization/roleDefinitions" && r.Text("name").Contains("evidence-writer", StringComparison.Ordinal));
        role.Json["properties"]!["permissions"]![0]!["actions"] = new JsonArray();

        var errors = AzureDoctor.Examine(template, Parameters(("webhookKey", new string('k', 44))), _app).Where(f => f.Severity == Severity.Error).ToList();

        errors.Should().ContainSingle().Which.Message.Should().Contain("Microsoft.Storage/storageAccounts/blobServices/containers/read").And.Contain("WORM check");
    }

    [Fact]
    public void A_webhook_function_with_function_auth_is_an_auth_level_mismatch()
    {
        var file = Path.Combine(_app, "Webhook", "function.json");
        File.WriteAllText(file, File.ReadAllText(file).Replace("\"anonymous\"", "\"function\"", StringComparison.Ordinal));

        var errors = AzureDoctor.Examine(Template(), Parameters(("webhookKey", new string('k', 44))), _app).Where(f => f.Severity == Severity.Error).ToList();

        errors.Should().ContainSingle().Which.Message.Should().StartWith("auth-level mismatch").And.Contain("authLevel function");
    }

    [Theory]
    [InlineData("TrailNorm")]
    [InlineData("tn-prod")]
    [InlineData("9lives")]
    public void A_name_prefix_storage_accounts_cannot_take_is_an_error(string prefix)
    {
        var errors = AzureDoctor.Examine(Template(), Parameters(("namePrefix", prefix), ("webhookKey", new string('k', 44))), _app).Where(f => f.Severity == Severity.Error);

        errors.Should().ContainSingle().Which.Message.Should().Contain($"namePrefix '{prefix}'");
    }

    [Fact]
    public void WebHook_delivery_without_a_key_is_an_error_and_AzureFunction_delivery_a_cost_warning()
    {
        AzureDoctor.Examine(Template(), Parameters(), _app).Should().Contain(f => f.Severity == Severity.Error && f.Message.Contains("webhookKey", StringComparison.Ordinal));
        AzureDoctor.Examine(Template(), Parameters(("eventDelivery", "AzureFunction")), _app)
            .Should().ContainSingle(f => f.Severity == Severity.Warning).Which.Message.Should().Contain("per million events");
    }

    [Fact]
    public void The_doctors_required_permissions_are_the_declared_operations()
    {
        var required = AzurePermissionTable.Required();

        required[AzureResource.EvidenceContainer].Should().BeEquivalentTo(
            RequiredPermissions.AzureEvidenceContainerActions.Select(RbacGrant.Action)
                .Concat(RequiredPermissions.AzureEvidenceContainerDataActions.Select(RbacGrant.DataAction)));
        required[AzureResource.SigningKey].Should().BeEquivalentTo(RequiredPermissions.AzureSigningKeyDataActions.Select(RbacGrant.DataAction));
        required[AzureResource.LogAccount].Should().BeEquivalentTo(
            RequiredPermissions.AzureLogAccountActions.Select(RbacGrant.Action)
                .Concat(RequiredPermissions.AzureLogAccountDataActions.Select(RbacGrant.DataAction)));
        required[AzureResource.WitnessContainer].Should().BeEquivalentTo(
            RequiredPermissions.AzureWitnessContainerActions.Select(RbacGrant.Action)
                .Concat(RequiredPermissions.AzureWitnessContainerDataActions.Select(RbacGrant.DataAction)));
        required[AzureResource.WebhookSecret].Should().BeEquivalentTo(RequiredPermissions.AzureWebhookSecretDataActions.Select(RbacGrant.DataAction));
        required[AzureResource.DataCollectionRule].Should().BeEquivalentTo(RequiredPermissions.AzureDataCollectionRuleDataActions.Select(RbacGrant.DataAction));
        required[AzureResource.FindingsTopic].Should().BeEquivalentTo(RequiredPermissions.AzureFindingsTopicDataActions.Select(RbacGrant.DataAction));
    }

    [Fact]
    public void The_doctors_built_in_roles_are_the_permission_tables_built_in_roles()
    {
        AzureBuiltInRoles.All.Select(r => (r.Id, r.Name, Permissions: r.Actions.Select(RbacGrant.Action).Concat(r.DataActions.Select(RbacGrant.DataAction)).ToHashSet()))
            .Should().BeEquivalentTo(AzurePermissionTable.BuiltInRoles.Select(r => (r.Id, r.Name, Permissions: r.Permissions.ToHashSet())));
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/*", "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write", true)]
    [InlineData("Microsoft.Authorization/*/read", "Microsoft.Authorization/roleAssignments/read", true)]
    [InlineData("Microsoft.Authorization/*/read", "Microsoft.Authorization/roleAssignments/write", false)]
    [InlineData("microsoft.insights/telemetry/write", "Microsoft.Insights/Telemetry/Write", true)]
    [InlineData("Microsoft.Insights/Metrics/Write", "Microsoft.Insights/Telemetry/Write", false)]
    [InlineData("*", "Microsoft.EventGrid/events/send/action", true)]
    public void A_granted_permission_covers_what_its_wildcards_match(string granted, string needed, bool covers) =>
        AzureBuiltInRoles.Covers(granted, needed).Should().Be(covers);

    [Fact]
    public void With_every_option_on_the_template_as_built_has_no_errors()
    {
        var findings = AzureDoctor.Examine(Template(), Parameters(("webhookKey", new string('k', 44)), ("witnessMode", "Create"), ("logAnalytics", "Create"), ("eventDelivery", "WebHook")), _app);

        findings.Where(f => f.Severity != Severity.Check).Should().BeEmpty();
    }

    [Fact]
    public void A_data_collection_rule_assigned_a_role_without_telemetry_write_cannot_ingest()
    {
        var template = Template();
        var assignment = AppAssignment(template, "Microsoft.Insights/dataCollectionRules");
        assignment.Json["properties"]!["roleDefinitionId"] = "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', variables('builtInRoles').storageBlobDataReader)]";

        var errors = AzureDoctor.Examine(template, Parameters(("webhookKey", new string('k', 44))), _app).Where(f => f.Severity == Severity.Error).ToList();

        errors.Should().ContainSingle().Which.Message.Should().Contain("the data collection rule (Storage Blob Data Reader, built-in) lacks the data action Microsoft.Insights/Telemetry/Write")
            .And.Contain("Logs Ingestion");
    }

    [Fact]
    public void A_findings_topic_without_a_role_assignment_is_an_error_only_when_findings_are_published()
    {
        var template = Template();
        RemoveResource(template, AppAssignment(template, "Microsoft.EventGrid/topics"));

        AzureDoctor.Examine(template, Parameters(("webhookKey", new string('k', 44))), _app).Where(f => f.Severity == Severity.Error)
            .Should().ContainSingle().Which.Message.Should().Contain("on the findings topic").And.Contain("Microsoft.EventGrid/events/send/action");
        AzureDoctor.Examine(template, Parameters(("webhookKey", new string('k', 44)), ("publishFindings", "false")), _app)
            .Should().NotContain(f => f.Severity == Severity.Error);
    }

    [Fact]
    public void A_witness_role_without_the_immutability_action_is_reported_on_the_witness_container()
    {
        var template = Template();
        var role = ArmTemplate.Resources(template).Single(r => r.Type == "Microsoft.Authorization/roleDefinitions" && r.Text("name").Contains("witness-writer", StringComparison.Ordinal));
        var dataActions = role.Json["properties"]!["permissions"]![0]!["dataActions"]!.AsArray();
        dataActions.Remove(dataActions.Single(a => a!.ToString().EndsWith("runAsSuperUser/action", StringComparison.Ordinal)));

        var errors = AzureDoctor.Examine(template, Parameters(("webhookKey", new string('k', 44)), ("witnessMode", "Create")), _app).Where(f => f.Severity == Severity.Error).ToList();

        errors.Should().ContainSingle().Which.Message.Should().StartWith("the role on the witness container").And.Contain("runAsSuperUser/action");
    }

    public void Dispose() => Directory.Delete(_app, recursive: true);

    private static JsonObject Template() => JsonNode.Parse(BuiltTemplate.Main.Root.ToJsonString())!.AsObject();

    private static ArmResource AppAssignment(JsonObject template, string scope) =>
        ArmTemplate.Resources(template).Single(r => r.Type == "Microsoft.Authorization/roleAssignments"
            && r.Text("properties.principalId") == "[parameters('principalId')]" && r.Text("scope").Contains(scope, StringComparison.Ordinal));

    private static void RemoveResource(JsonObject template, ArmResource resource)
    {
        var resources = resource.Template["resources"]!;
        if (resources is JsonObject byName)
        {
            byName.Remove(byName.Single(p => ReferenceEquals(p.Value, resource.Json)).Key);
        }
        else
        {
            resources.AsArray().Remove(resource.Json);
        }
    }

    private static JsonObject Parameters(params (string Name, string Value)[] values)
    {
        var parameters = new JsonObject();
        foreach (var (name, value) in values)
        {
            parameters[name] = new JsonObject { ["value"] = value };
        }

        return new JsonObject { ["parameters"] = parameters };
    }
}
