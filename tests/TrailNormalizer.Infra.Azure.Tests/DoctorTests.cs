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
    }

    public void Dispose() => Directory.Delete(_app, recursive: true);

    private static JsonObject Template() => JsonNode.Parse(BuiltTemplate.Main.Root.ToJsonString())!.AsObject();

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
