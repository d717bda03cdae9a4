using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrailNormalizer.Azure;

namespace TrailNormalizer.Infra.Azure.Tests.Permissions;

/// <summary>One role assignment to the Function App's identity, read from the built ARM template.</summary>
internal sealed record Grant(AzureResource Resource, string Role, RbacGrant[] Permissions);

/// <summary>
/// What the built template grants the Function App's identity: every role assignment of the roles module (all of them
/// name parameters('principalId'), the app's identity) and of the witness module (parameters('writerPrincipalId'), the
/// same identity, passed to a module that may run in another subscription), its scope mapped to the resource it covers,
/// and its role's permissions: a custom role's from its definition in the template, a built-in role's from
/// <see cref="AzurePermissionTable"/>.
/// </summary>
internal static partial class GrantedPermissions
{
    private static readonly (string Module, string Principal)[] GrantingModules = [("roles", "principalId"), ("witness", "writerPrincipalId")];

    public static IReadOnlyList<Grant> Read(BuiltTemplate template) =>
        GrantingModules.SelectMany(m => Read(template, m.Module, m.Principal)).ToList();

    private static List<Grant> Read(BuiltTemplate template, string moduleName, string principal)
    {
        var module = template.ModuleTemplate(moduleName);
        var definitions = template.InModule(moduleName, "Microsoft.Authorization/roleDefinitions").ToList();
        var grants = new List<Grant>();
        foreach (var assignment in template.InModule(moduleName, "Microsoft.Authorization/roleAssignments"))
        {
            if (assignment.Text("properties.principalId") != $"[parameters('{principal}')]")
            {
                throw new InvalidOperationException($"role assignment {assignment.Symbol} is not to the app identity; extend this reader");
            }

            var resource = ResourceOf(assignment.Text("scope"));
            var roleId = Resolve(module, assignment.Text("properties.roleDefinitionId"));
            grants.Add(BuiltIn().Match(roleId) is { Success: true } builtIn
                ? FromBuiltIn(resource, (string)module["variables"]!["builtInRoles"]![builtIn.Groups[1].Value]!)
                : FromCustom(resource, roleId, definitions));
        }

        return grants;
    }

    /// <summary>Everything granted on each resource.</summary>
    public static Dictionary<AzureResource, HashSet<RbacGrant>> ByResource(IEnumerable<Grant> grants)
    {
        var granted = new Dictionary<AzureResource, HashSet<RbacGrant>>();
        foreach (var grant in grants)
        {
            if (!granted.TryGetValue(grant.Resource, out var set))
            {
                granted[grant.Resource] = set = [];
            }

            set.UnionWith(grant.Permissions);
        }

        return granted;
    }

    private static Grant FromBuiltIn(AzureResource resource, string id)
    {
        var role = AzurePermissionTable.BuiltInRole(id);
        return new Grant(resource, role.Name, role.Permissions);
    }

    private static Grant FromCustom(AzureResource resource, string roleId, List<DeployedResource> definitions)
    {
        var definition = definitions.SingleOrDefault(d => roleId.Contains(d.Text("name").Trim('[', ']'), StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"role {roleId} is neither built in nor defined in the roles module");
        var permissions = new List<RbacGrant>();
        foreach (var block in definition.Properties["permissions"]!.AsArray())
        {
            permissions.AddRange(Strings(block!["actions"]).Select(RbacGrant.Action));
            permissions.AddRange(Strings(block["dataActions"]).Select(RbacGrant.DataAction));
            if (Strings(block["notActions"]).Count + Strings(block["notDataActions"]).Count > 0)
            {
                throw new InvalidOperationException($"{definition.Symbol} uses notActions; this reader does not subtract them");
            }
        }

        return new Grant(resource, definition.Text("properties.roleName"), [.. permissions]);
    }

    private static AzureResource ResourceOf(string scope) => scope switch
    {
        _ when scope.Contains("parameters('evidenceContainerName')", StringComparison.Ordinal) => AzureResource.EvidenceContainer,
        _ when scope.StartsWith("[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('accountName'), 'default', parameters('containerName'))", StringComparison.Ordinal) => AzureResource.WitnessContainer,
        _ when scope.StartsWith("[resourceId('Microsoft.Insights/dataCollectionRules'", StringComparison.Ordinal) => AzureResource.DataCollectionRule,
        _ when scope.StartsWith("[resourceId('Microsoft.EventGrid/topics'", StringComparison.Ordinal) => AzureResource.FindingsTopic,
        _ when scope.StartsWith("[resourceId('Microsoft.KeyVault/vaults/keys'", StringComparison.Ordinal) => AzureResource.SigningKey,
        _ when scope.StartsWith("[resourceId('Microsoft.KeyVault/vaults/secrets'", StringComparison.Ordinal) => AzureResource.WebhookSecret,
        "[resourceId('Microsoft.Storage/storageAccounts', parameters('logAccountName'))]" => AzureResource.LogAccount,
        "[resourceId('Microsoft.Storage/storageAccounts', parameters('runtimeAccountName'))]" => AzureResource.RuntimeAccount,
        _ => throw new InvalidOperationException($"role assignment scope {scope} is not a resource the handler uses; extend this reader"),
    };

    /// <summary>"[variables('x')]" resolved to the variable's expression in the module.</summary>
    private static string Resolve(JsonObject module, string expression)
    {
        var variable = VariableReference().Match(expression);
        return variable.Success ? module["variables"]![variable.Groups[1].Value]!.ToString() : expression;
    }

    private static List<string> Strings(JsonNode? array) =>
        array is JsonArray list ? list.Select(n => n!.ToString()).ToList() : [];

    [GeneratedRegex(@"^\[variables\('(\w+)'\)\]$")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"variables\('builtInRoles'\)\.(\w+)")]
    private static partial Regex BuiltIn();
}
