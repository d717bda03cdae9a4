using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TrailNormalizer.Cli.Doctor;

/// <summary>A resource of a built ARM template with the (nested) template that declares it, whose variables it uses.</summary>
public sealed record ArmResource(string Type, JsonObject Json, JsonObject Template)
{
    public string Text(string path)
    {
        JsonNode? node = Json;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node?.ToString() ?? "";
    }

    /// <summary>"[variables('x')]" resolved in the declaring template; anything else unchanged.</summary>
    public string Resolve(string expression)
    {
        var match = ArmTemplate.VariableReference().Match(expression);
        return match.Success ? Template["variables"]?[match.Groups[1].Value]?.ToString() ?? expression : expression;
    }
}

/// <summary>The resources of an ARM template built by <c>bicep build</c>, nested module templates included.</summary>
public static partial class ArmTemplate
{
    public static List<ArmResource> Resources(JsonObject template)
    {
        var found = new List<ArmResource>();
        Walk(template, found);
        return found;
    }

    /// <summary>A parameter's value from an ARM parameters file, else the template's default; null when neither has one.</summary>
    public static JsonNode? Parameter(JsonObject template, JsonObject? parameters, string name) =>
        parameters?["parameters"]?[name]?["value"] ?? template["parameters"]?[name]?["defaultValue"];

    [GeneratedRegex(@"^\[variables\('(\w+)'\)\]$")]
    internal static partial Regex VariableReference();

    private static void Walk(JsonObject template, List<ArmResource> found)
    {
        IEnumerable<JsonNode?> resources = template["resources"] switch
        {
            JsonObject byName => byName.Select(p => p.Value),
            JsonArray list => list,
            _ => [],
        };
        foreach (var resource in resources.OfType<JsonObject>())
        {
            if (resource["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            string type = resource["type"]?.ToString() ?? "";
            found.Add(new ArmResource(type, resource, template));
            if (type == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                Walk(nested, found);
            }
        }
    }
}
