using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TrailNormalizer.Cli.Doctor;

/// <summary>
/// Pre-deployment checks of infra/azure as built (<c>bicep build main.bicep</c>), its parameters (<c>bicep
/// build-params</c>) and the Functions app folder: the problems a review found that Azure would only report after
/// deploying, and the things no template shows.
/// </summary>
public static partial class AzureDoctor
{
    private const string KeyVaultCryptoUser = "12338af0-0e69-4776-bea7-57ae8d297424";
    private const string LogAccount = "the diagnostic-log account";

    public static List<Finding> Examine(JsonObject template, JsonObject? parameters, string? appDirectory)
    {
        ArgumentNullException.ThrowIfNull(template);
        var findings = new List<Finding>();
        var resources = ArmTemplate.Resources(template);
        CheckRoles(template, parameters, resources, findings);
        CheckDelivery(template, parameters, resources, appDirectory, findings);
        CheckParameters(template, parameters, findings);
        AddChecks(findings);
        return findings;
    }

    /// <summary>Every scope the app identity needs a role on, when it needs it, and what the role must grant.</summary>
    private static readonly RoleNeed[] RoleNeeds =
    [
        new("the evidence container", "principalId", "blobServices/containers", RequiredPermissions.AzureEvidenceContainerActions, RequiredPermissions.AzureEvidenceContainerDataActions, (_, _) => true),
        new("the signing key", "principalId", "Microsoft.KeyVault/vaults/keys'", [], RequiredPermissions.AzureSigningKeyDataActions, (_, _) => true),
        new(LogAccount, "principalId", "parameters('logAccountName')", RequiredPermissions.AzureLogAccountActions, RequiredPermissions.AzureLogAccountDataActions, (_, _) => true),
        new("the webhook key secret", "principalId", "Microsoft.KeyVault/vaults/secrets'", [], RequiredPermissions.AzureWebhookSecretDataActions,
            (t, p) => (ArmTemplate.Parameter(t, p, "eventDelivery")?.ToString() ?? "WebHook") == "WebHook"),
        new("the data collection rule", "principalId", "Microsoft.Insights/dataCollectionRules", [], RequiredPermissions.AzureDataCollectionRuleDataActions,
            (t, p) => (ArmTemplate.Parameter(t, p, "logAnalytics")?.ToString() ?? "None") != "None"),
        new("the findings topic", "principalId", "Microsoft.EventGrid/topics", [], RequiredPermissions.AzureFindingsTopicDataActions,
            (t, p) => ArmTemplate.Parameter(t, p, "publishFindings")?.ToString() is "true" or "True"),
        new("the witness container", "writerPrincipalId", "blobServices/containers", RequiredPermissions.AzureWitnessContainerActions, RequiredPermissions.AzureWitnessContainerDataActions,
            (t, p) => (ArmTemplate.Parameter(t, p, "witnessMode")?.ToString() ?? "None") != "None"),
    ];

    private static void CheckRoles(JsonObject template, JsonObject? parameters, List<ArmResource> resources, List<Finding> findings)
    {
        var definitions = resources.Where(r => r.Type == "Microsoft.Authorization/roleDefinitions").ToList();
        var assignments = resources.Where(r => r.Type == "Microsoft.Authorization/roleAssignments").ToList();
        foreach (var need in RoleNeeds)
        {
            var assignment = assignments.FirstOrDefault(a => a.Text("properties.principalId") == $"[parameters('{need.Principal}')]"
                && a.Text("scope").Contains(need.ScopeMarker, StringComparison.Ordinal));
            if (assignment is not null)
            {
                Require(need, assignment, definitions, findings);
            }
            else if (need.Applies(template, parameters))
            {
                findings.Add(new(Severity.Error, "roles", $"no role assignment to the app identity on {need.What} was found in the template; it needs {string.Join(", ", need.Actions.Concat(need.DataActions))}"));
            }
        }
    }

    private static void Require(RoleNeed need, ArmResource assignment, List<ArmResource> definitions, List<Finding> findings)
    {
        string roleId = assignment.Resolve(assignment.Text("properties.roleDefinitionId"));
        var definition = definitions.FirstOrDefault(d => roleId.Contains(d.Text("name").Trim('[', ']'), StringComparison.Ordinal));
        if (definition is null)
        {
            var builtInName = BuiltInRole().Match(roleId);
            string builtIn = builtInName.Success ? assignment.Template["variables"]?["builtInRoles"]?[builtInName.Groups[1].Value]?.ToString() ?? roleId : roleId;
            if (builtIn.Contains(KeyVaultCryptoUser, StringComparison.Ordinal))
            {
                findings.Add(new(Severity.Warning, "roles", $"{need.What} is assigned Key Vault Crypto User, which can also encrypt, decrypt, wrap, unwrap, update and back up keys; the handler only reads the key and signs"));
                return;
            }

            if (AzureBuiltInRoles.Find(builtIn) is not { } known)
            {
                findings.Add(new(Severity.Check, "roles", $"{need.What} is assigned a built-in role ({builtIn}); confirm it grants {string.Join(", ", need.Actions.Concat(need.DataActions))}"));
                return;
            }

            ReportMissing(need, known.Name + ", built-in", known.Actions, known.DataActions, findings);
            return;
        }

        string role = definition.Text("properties.roleName");
        var block = definition.Json["properties"]?["permissions"]?[0];
        string[] granted = [.. Strings(block?["actions"])];
        string[] grantedData = [.. Strings(block?["dataActions"])];
        ReportMissing(need, role, granted, grantedData, findings);
        foreach (string extra in granted.Except(need.Actions, StringComparer.OrdinalIgnoreCase).Concat(grantedData.Except(need.DataActions, StringComparer.OrdinalIgnoreCase)))
        {
            findings.Add(new(Severity.Warning, "roles", $"the role on {need.What} ({role}) also grants {extra}, which the handler never uses"));
        }
    }

    private static void ReportMissing(RoleNeed need, string role, string[] granted, string[] grantedData, List<Finding> findings)
    {
        foreach (string action in need.Actions.Where(a => !granted.Any(g => AzureBuiltInRoles.Covers(g, a))))
        {
            findings.Add(new(Severity.Error, "roles", $"the role on {need.What} ({role}) lacks the action {action}: {Why(need, action)}; add it to the role's actions"));
        }

        foreach (string action in need.DataActions.Where(a => !grantedData.Any(g => AzureBuiltInRoles.Covers(g, a))))
        {
            findings.Add(new(Severity.Error, "roles", $"the role on {need.What} ({role}) lacks the data action {action}: {Why(need, action)}; add it to the role's dataActions"));
        }
    }

    private static string Why(RoleNeed need, string action) => action switch
    {
        _ when need.What == LogAccount && action.EndsWith("containers/read", StringComparison.Ordinal) => "List Containers, how the log follower finds the insights-* containers",
        _ when need.What == LogAccount => "reading the diagnostic log blobs",
        _ when action.EndsWith("containers/read", StringComparison.Ordinal) => "Get Container Properties, the start-up WORM check; without it the handler refuses to start",
        _ when action.EndsWith("runAsSuperUser/action", StringComparison.Ordinal) => "the Locked immutability policy on every Put Blob",
        _ when action.EndsWith("keys/sign/action", StringComparison.Ordinal) => "signing checkpoints",
        _ when action.EndsWith("secrets/getSecret/action", StringComparison.Ordinal) => "the Functions host resolves the webhook key's Key Vault reference with it; without it every WebHook delivery is refused",
        _ when action.EndsWith("Telemetry/Write", StringComparison.OrdinalIgnoreCase) => "the Logs Ingestion upload of TrailNormalizer_CL rows",
        _ when action.EndsWith("events/send/action", StringComparison.Ordinal) => "publishing escalated findings to the topic",
        _ => "an operation the handler performs",
    };

    private static void CheckDelivery(JsonObject template, JsonObject? parameters, List<ArmResource> resources, string? appDirectory, List<Finding> findings)
    {
        string delivery = ArmTemplate.Parameter(template, parameters, "eventDelivery")?.ToString() ?? "AzureFunction";
        if (delivery == "AzureFunction")
        {
            findings.Add(new(Severity.Warning, "delivery", "eventDelivery AzureFunction runs one execution and writes one evidence batch per event (about $20-32 per million events); WebHook delivery batches up to 100 (docs/deploy-azure.md)"));
            return;
        }

        string destination = resources.Select(r => r.Template["variables"]?["destination"]?.ToString()).FirstOrDefault(d => d is not null) ?? "";
        var path = WebhookPath().Match(destination);
        if (!path.Success)
        {
            findings.Add(new(Severity.Check, "delivery", "the WebHook endpoint URL was not found in the template; check that its function is anonymous"));
            return;
        }

        if (appDirectory is null)
        {
            findings.Add(new(Severity.Check, "delivery", $"pass --app <published folder> to check that the function serving {path.Groups[1].Value} is authLevel anonymous"));
            return;
        }

        string route = path.Groups[1].Value.Split('/', StringSplitOptions.RemoveEmptyEntries).Last();
        foreach (var file in Directory.EnumerateFiles(appDirectory, "function.json", SearchOption.AllDirectories))
        {
            var trigger = (JsonNode.Parse(File.ReadAllText(file))?["bindings"] as JsonArray)?.FirstOrDefault(b => b?["type"]?.ToString() == "httpTrigger");
            string functionRoute = trigger?["route"]?.ToString() ?? Path.GetFileName(Path.GetDirectoryName(file)!);
            if (trigger is null || !string.Equals(functionRoute, route, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string authLevel = trigger["authLevel"]?.ToString() ?? "function";
            if (!string.Equals(authLevel, "anonymous", StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new(Severity.Error, "delivery", $"auth-level mismatch: {Path.GetRelativePath(appDirectory, file)} has authLevel {authLevel}, but Event Grid's WebHook delivery sends only X-TrailNorm-Key, no function key, so the host answers 401 and the validation handshake fails; set authLevel anonymous (the handler checks the key itself)"));
            }

            return;
        }

        findings.Add(new(Severity.Error, "delivery", $"no http function in {appDirectory} serves the WebHook endpoint {path.Groups[1].Value}"));
    }

    private static void CheckParameters(JsonObject template, JsonObject? parameters, List<Finding> findings)
    {
        string prefix = ArmTemplate.Parameter(template, parameters, "namePrefix")?.ToString() ?? "";
        if (!NamePrefix().IsMatch(prefix))
        {
            findings.Add(new(Severity.Error, "parameters", $"namePrefix '{prefix}' must be 3-9 lowercase letters and digits starting with a letter: it begins every storage account name"));
        }

        string delivery = ArmTemplate.Parameter(template, parameters, "eventDelivery")?.ToString() ?? "";
        string key = ArmTemplate.Parameter(template, parameters, "webhookKey")?.ToString() ?? "";
        if (delivery == "WebHook" && key.Length < 32)
        {
            findings.Add(new(Severity.Error, "parameters", "eventDelivery WebHook needs webhookKey of at least 32 characters (export TRAILNORM_WEBHOOK_KEY=$(openssl rand -base64 32) before bicep build-params; keep the same value for every deployment)"));
        }

        if (ArmTemplate.Parameter(template, parameters, "immutabilityState")?.ToString() == "Locked")
        {
            findings.Add(new(Severity.Check, "parameters", "the default immutability policy is Locked: retentionDays may only grow; the handler locks each blob until its write time + retentionDays + 1 day, never earlier than the default"));
        }
    }

    private static void AddChecks(List<Finding> findings)
    {
        findings.Add(new(Severity.Check, "region", "Flex Consumption (FC1) exists only in some regions: az functionapp list-flexconsumption-locations"));
        findings.Add(new(Severity.Check, "deployer", "the deploying principal needs Microsoft.Authorization/roleDefinitions/write and roleAssignments/write on the resource group (two custom roles), and Microsoft.Insights/diagnosticSettings/write on the subscription for the Activity Log export"));
        findings.Add(new(Severity.Check, "diagnostics", "diagnostic settings write to a log account with shared-key access off; Azure documents no such requirement for storage destinations but does not state it either: after deploying, confirm insights-* containers appear in the log account within 90 minutes"));
        findings.Add(new(Severity.Check, "event grid", "a source has at most one system topic: if the resource group or the log account already has one, reuse or delete it"));
    }

    private sealed record RoleNeed(string What, string Principal, string ScopeMarker, string[] Actions, string[] DataActions, Func<JsonObject, JsonObject?, bool> Applies);

    private static IEnumerable<string> Strings(JsonNode? array) =>
        array is JsonArray list ? list.Select(n => n?.ToString() ?? "") : [];

    [GeneratedRegex(@"format\('https://\{0\}(/[^']+)'")]
    private static partial Regex WebhookPath();

    [GeneratedRegex(@"variables\('builtInRoles'\)\.(\w+)")]
    private static partial Regex BuiltInRole();

    [GeneratedRegex("^[a-z][a-z0-9]{2,8}$")]
    private static partial Regex NamePrefix();
}
