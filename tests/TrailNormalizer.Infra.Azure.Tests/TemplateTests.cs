using System.Text.Json.Nodes;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>Properties of the ARM template compiled from main.bicep.</summary>
public sealed class TemplateTests
{
    private const string StorageAccounts = "Microsoft.Storage/storageAccounts";
    private const string RoleAssignments = "Microsoft.Authorization/roleAssignments";
    private const string EventSubscriptions = "Microsoft.EventGrid/systemTopics/eventSubscriptions";

    private static BuiltTemplate Template => BuiltTemplate.Main;

    [Fact]
    public void Evidence_account_has_version_level_immutability_with_a_default_policy()
    {
        var account = Template.InModule("evidenceStorage", StorageAccounts).Single();
        var immutability = account.Properties["immutableStorageWithVersioning"]!;

        immutability["enabled"]!.GetValue<bool>().Should().BeTrue();
        immutability["immutabilityPolicy"]!["immutabilityPeriodSinceCreationInDays"]!.ToString().Should().Be("[parameters('retentionDays')]");
        immutability["immutabilityPolicy"]!["state"]!.ToString().Should().Be("[parameters('immutabilityState')]");
        immutability["immutabilityPolicy"]!["allowProtectedAppendWrites"]!.GetValue<bool>().Should().BeFalse();

        var blobService = Template.InModule("evidenceStorage", $"{StorageAccounts}/blobServices").Single();
        blobService.Properties["isVersioningEnabled"]!.GetValue<bool>().Should().BeTrue();

        var container = Template.InModule("evidenceStorage", $"{StorageAccounts}/blobServices/containers").Single();
        container.Text("properties.immutableStorageWithVersioning.enabled").Should().Be("true");
        container.Text("properties.publicAccess").Should().Be("None");

        Template.InModule("evidenceStorage", "Microsoft.Authorization/locks").Single().Text("properties.level").Should().Be("CanNotDelete");
    }

    [Fact]
    public void Retention_is_at_least_90_days_and_defaults_to_400()
    {
        var retention = Template.Root["parameters"]!["retentionDays"]!;

        retention["minValue"]!.GetValue<int>().Should().Be(90);
        retention["defaultValue"]!.GetValue<int>().Should().Be(400);
        Template.Root["parameters"]!["immutabilityState"]!["defaultValue"]!.ToString().Should().Be("Unlocked");
    }

    [Fact]
    public void Every_storage_account_is_https_only_tls12_private_and_keyless()
    {
        var accounts = Template.OfType(StorageAccounts).ToList();

        accounts.Should().HaveCount(4, "evidence, diagnostic logs, runtime, and the witness when witnessMode is Create");
        foreach (var account in accounts)
        {
            account.Text("kind").Should().Be("StorageV2");
            account.Text("properties.minimumTlsVersion").Should().Be("TLS1_2");
            account.Text("properties.supportsHttpsTrafficOnly").Should().Be("true");
            account.Text("properties.allowBlobPublicAccess").Should().Be("false");
            account.Text("properties.allowSharedKeyAccess").Should().Be("false", account.Module);
        }
    }

    [Fact]
    public void Custom_evidence_role_reads_the_container_creates_and_locks_but_never_deletes()
    {
        var role = Template.OfType("Microsoft.Authorization/roleDefinitions").Single(r => r.Text("name").Contains("evidence-writer", StringComparison.Ordinal));
        var permissions = role.Properties["permissions"]!.AsArray().Single()!;
        var dataActions = Strings(permissions["dataActions"]);

        // Get Container Properties (the start-up WORM check) is authorized by this action; without it the handler refuses to start.
        Strings(permissions["actions"]).Should().Equal("Microsoft.Storage/storageAccounts/blobServices/containers/read");
        dataActions.Should().BeEquivalentTo(
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write",
            "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/immutableStorage/runAsSuperUser/action");
        dataActions.Concat(Strings(permissions["actions"])).Should().NotContain(a =>
            a.Contains("delete", StringComparison.OrdinalIgnoreCase)
            || a.Contains("tags", StringComparison.OrdinalIgnoreCase)
            || a.Contains('*'));
        Strings(role.Properties["assignableScopes"]).Should().Equal("[resourceGroup().id]");
    }

    [Fact]
    public void Custom_signer_role_reads_the_key_and_signs_only()
    {
        var role = Template.OfType("Microsoft.Authorization/roleDefinitions").Single(r => r.Text("name").Contains("checkpoint-signer", StringComparison.Ordinal));
        var permissions = role.Properties["permissions"]!.AsArray().Single()!;

        Strings(permissions["actions"]).Should().BeEmpty();
        Strings(permissions["dataActions"]).Should().BeEquivalentTo("Microsoft.KeyVault/vaults/keys/read", "Microsoft.KeyVault/vaults/keys/sign/action");
        Strings(role.Properties["assignableScopes"]).Should().Equal("[resourceGroup().id]");
    }

    [Fact]
    public void Role_assignments_are_scoped_as_designed()
    {
        var assignments = Template.InModule("roles", RoleAssignments).ToList();

        Scope(assignments, "evidenceWriterRoleId").Should()
            .Be("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('evidenceAccountName'), 'default', parameters('evidenceContainerName'))]");
        Scope(assignments, "storageBlobDataReader").Should().Be("[resourceId('Microsoft.Storage/storageAccounts', parameters('logAccountName'))]");
        Scope(assignments, "storageBlobDataOwner").Should().Be("[resourceId('Microsoft.Storage/storageAccounts', parameters('runtimeAccountName'))]");
        Scope(assignments, "checkpointSignerRoleId").Should().Be("[resourceId('Microsoft.KeyVault/vaults/keys', parameters('keyVaultName'), parameters('signingKeyName'))]");
        Scope(assignments, "keyVaultSecretsUser").Should().Be("[resourceId('Microsoft.KeyVault/vaults/secrets', parameters('keyVaultName'), parameters('webhookSecretName'))]");
        assignments.Should().OnlyContain(a => a.Text("properties.principalType") == "ServicePrincipal");

        var roleIds = Template.ModuleTemplate("roles")["variables"]!["builtInRoles"]!.AsObject();
        roleIds["storageBlobDataReader"]!.ToString().Should().Be("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
        roleIds["storageBlobDataOwner"]!.ToString().Should().Be("b7e6dc6d-f1e8-4753-8033-0f276bb0955b");
        roleIds["keyVaultSecretsUser"]!.ToString().Should().Be("4633458b-17de-408a-b874-0445c86b69e6");
    }

    [Fact]
    public void Event_grid_topics_write_dead_letters_to_one_container_only()
    {
        var assignments = Template.InModule("eventGrid", RoleAssignments).ToList();

        assignments.Should().HaveCount(2);
        assignments.Should().OnlyContain(a => a.Text("scope").StartsWith(
            "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('runtimeAccountName'), 'default', parameters('deadLetterContainerName'))]",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Signing_key_is_ec_p256_in_an_rbac_vault_with_purge_protection()
    {
        var key = Template.OfType("Microsoft.KeyVault/vaults/keys").Single();
        key.Text("properties.kty").Should().Be("EC");
        key.Text("properties.curveName").Should().Be("P-256");
        Strings(key.Properties["keyOps"]).Should().BeEquivalentTo("sign", "verify");
        key.Text("properties.attributes.exportable").Should().Be("false");

        var vault = Template.OfType("Microsoft.KeyVault/vaults").Single();
        vault.Text("properties.enableRbacAuthorization").Should().Be("true");
        vault.Text("properties.enablePurgeProtection").Should().Be("true");
        vault.Text("properties.enableSoftDelete").Should().Be("true");
    }

    [Fact]
    public void Event_subscriptions_retry_and_dead_letter()
    {
        var subscriptions = Template.OfType(EventSubscriptions).ToList();

        subscriptions.Should().HaveCount(2);
        foreach (var subscription in subscriptions)
        {
            subscription.Text("properties.retryPolicy.maxDeliveryAttempts").Should().NotBeEmpty();
            subscription.Text("properties.retryPolicy.eventTimeToLiveInMinutes").Should().NotBeEmpty();
            subscription.Text("properties.deadLetterWithResourceIdentity.identity.type").Should().Be("SystemAssigned");
            var deadLetter = Template.Resolve("eventGrid", subscription.Json.Select("properties.deadLetterWithResourceIdentity.deadLetterDestination")!);
            deadLetter["endpointType"]!.ToString().Should().Be("StorageBlob");
            deadLetter["properties"]!["blobContainerName"]!.ToString().Should().Be("[parameters('deadLetterContainerName')]");
        }

        var eventGrid = Template.Root["resources"]!["eventGrid"]!["properties"]!["parameters"]!;
        eventGrid["maxDeliveryAttempts"]!["value"]!.GetValue<int>().Should().Be(30);
        eventGrid["eventTimeToLiveInMinutes"]!["value"]!.GetValue<int>().Should().Be(1440);
    }

    [Fact]
    public void Event_subscriptions_deliver_to_the_functions()
    {
        var destination = Template.ModuleTemplate("eventGrid")["variables"]!["destination"]!.ToString();

        destination.Should().Contain("'AzureFunction'").And.Contain("'Microsoft.Web/sites/functions', parameters('functionAppName'), 'EventGrid'");
        destination.Should().Contain("'WebHook'").And.Contain("/api/Webhook").And.Contain("'X-TrailNorm-Key'")
            .And.Contain("'Static'").And.Contain("'isSecret', true()");

        var logBlobs = Template.OfType(EventSubscriptions).Single(s => s.Text("name").Contains("diagnostic-logs", StringComparison.Ordinal));
        Strings(logBlobs.Properties["filter"]!["includedEventTypes"]).Should().Equal("Microsoft.Storage.BlobCreated");
        logBlobs.Text("properties.filter.advancedFilters").Should().Contain("StringBeginsWith");

        var containers = Strings(Template.Root["variables"]!["diagnosticContainers"]);
        containers.Should().BeEquivalentTo("insights-activity-logs", "insights-logs-operationallogs", "insights-logs-auditevent");

        var topics = Template.OfType("Microsoft.EventGrid/systemTopics").ToList();
        topics.Select(t => t.Text("properties.topicType")).Should()
            .BeEquivalentTo("Microsoft.Resources.ResourceGroups", "Microsoft.Storage.StorageAccounts");
    }

    [Fact]
    public void Function_app_is_a_custom_handler_on_flex_consumption()
    {
        var plan = Template.OfType("Microsoft.Web/serverfarms").Single();
        plan.Text("sku.name").Should().Be("FC1");
        plan.Text("sku.tier").Should().Be("FlexConsumption");

        var site = Template.OfType("Microsoft.Web/sites").Single();
        site.Text("kind").Should().Be("functionapp,linux");
        site.Text("properties.httpsOnly").Should().Be("true");
        site.Text("properties.siteConfig.minTlsVersion").Should().Be("1.2");
        site.Text("properties.siteConfig.ftpsState").Should().Be("Disabled");
        site.Text("properties.functionAppConfig.runtime.name").Should().Be("custom");
        site.Text("properties.functionAppConfig.deployment.storage.type").Should().Be("blobContainer");
        site.Text("properties.functionAppConfig.deployment.storage.authentication.type").Should().Be("UserAssignedIdentity");
        site.Text("identity.type").Should().Be("UserAssigned");

        Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies")
            .Should().HaveCount(2).And.OnlyContain(p => p.Text("properties.allow") == "false");
    }

    [Fact]
    public void App_settings_follow_the_handler_contract()
    {
        // Settings are ARM expressions (createObject('name', 'X', ...)); the webhook one is a variable.
        var settings = Template.OfType("Microsoft.Web/sites").Single().Text("properties.siteConfig.appSettings")
            + Template.ModuleTemplate("functionApp")["variables"]!["webhookSettings"]!;

        foreach (var name in new[]
        {
            "TRAILNORM_EVIDENCE_CONTAINER_URL", "TRAILNORM_SOURCE_ACCOUNTS", "TRAILNORM_SIGNING_KEY_URL",
            "TRAILNORM_LOG_ORIGIN", "TRAILNORM_RETENTION_DAYS", "TRAILNORM_WEBHOOK_KEY", "AZURE_CLIENT_ID",
            "AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential",
        })
        {
            settings.Should().Contain($"'{name}'");
        }

        settings.Should().Contain("@Microsoft.KeyVault(SecretUri=", "the webhook key is a Key Vault reference, not a plain setting");
        settings.Should().NotContain("AccountKey=");
    }

    [Fact]
    public void Diagnostic_settings_export_activity_log_notification_hubs_and_key_vault_audit()
    {
        var categories = Template.OfType("Microsoft.Insights/diagnosticSettings")
            .ToDictionary(d => d.Module, d => d.Properties.ToJsonString());

        categories["activityLog"].Should().Contain("copyIndex").And.Contain("categories");
        Strings(Template.ModuleTemplate("activityLog")["variables"]!["categories"]).Should().Contain(["Administrative", "Security", "Policy"]);
        categories["notificationHubDiagnostics"].Should().Contain("OperationalLogs");
        categories["keyVaultDiagnostics"].Should().Contain("AuditEvent");

        var activityLog = Template.Root["resources"]!["activityLog"]!;
        activityLog["subscriptionId"]!.ToString().Should().Be("[subscription().subscriptionId]");
        activityLog["properties"]!["template"]!["$schema"]!.ToString().Should().Contain("subscriptionDeploymentTemplate");
        Template.Root["resources"]!["notificationHubDiagnostics"]!["resourceGroup"]!.ToString()
            .Should().Be("[parameters('notificationHubResourceGroup')]");
    }

    [Fact]
    public void Resource_inventory()
    {
        var counts = Template.Resources.GroupBy(r => r.Type, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

        counts.Should().Contain(StorageAccounts, 4);
        counts.Should().Contain("Microsoft.Authorization/roleAssignments", 10);
        counts.Should().Contain("Microsoft.EventGrid/systemTopics", 2);
        counts.Should().Contain(EventSubscriptions, 2);
        counts.Should().Contain("Microsoft.Insights/diagnosticSettings", 3);
    }

    private static string Scope(IEnumerable<DeployedResource> assignments, string roleMarker) =>
        assignments.Single(a => a.Text("properties.roleDefinitionId").Contains(roleMarker, StringComparison.Ordinal)).Text("scope");

    private static List<string> Strings(JsonNode? array) =>
        array is JsonArray list ? list.Select(n => n!.ToString()).ToList() : [];
}
