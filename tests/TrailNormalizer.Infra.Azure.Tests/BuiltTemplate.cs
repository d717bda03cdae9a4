using System.Text.Json.Nodes;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>A resource the ARM template deploys, with the module (nested deployment) that declares it.</summary>
internal sealed record DeployedResource(string Module, string Symbol, JsonObject Json)
{
    public string Type => (string)Json["type"]!;

    public JsonObject Properties => Json["properties"]!.AsObject();

    public string Text(string path) => Json.Select(path)?.ToString() ?? "";
}

/// <summary>main.bicep compiled once with `bicep build`, and its resources across all nested module templates.</summary>
internal sealed class BuiltTemplate
{
    private static readonly Lazy<BuiltTemplate> Instance = new(Build);

    private BuiltTemplate(JsonObject root)
    {
        Root = root;
        Resources = Walk("main", root).ToList();
    }

    public static BuiltTemplate Main => Instance.Value;

    public JsonObject Root { get; }

    /// <summary>Every resource that is deployed (not `existing` references), modules included.</summary>
    public IReadOnlyList<DeployedResource> Resources { get; }

    public IEnumerable<DeployedResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<DeployedResource> InModule(string module, string type) =>
        OfType(type).Where(r => r.Module == module);

    public JsonObject ModuleTemplate(string module) =>
        Root["resources"]![module]!["properties"]!["template"]!.AsObject();

    /// <summary>The value behind "[variables('name')]" in a module, or the node itself when it is not such a reference.</summary>
    public JsonNode Resolve(string module, JsonNode node)
    {
        const string Prefix = "[variables('";
        const string Suffix = "')]";
        if (node is JsonValue value && value.TryGetValue<string>(out var text)
            && text.StartsWith(Prefix, StringComparison.Ordinal) && text.EndsWith(Suffix, StringComparison.Ordinal))
        {
            var name = text[Prefix.Length..^Suffix.Length];
            return ModuleTemplate(module)["variables"]![name]!;
        }

        return node;
    }

    private static BuiltTemplate Build()
    {
        var output = Path.Combine(Path.GetTempPath(), $"trailnorm-bicep-{Guid.NewGuid():N}", "main.json");
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        try
        {
            var result = BicepCli.Run("build", InfraPaths.MainBicep, "--outfile", output, "--no-restore");
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"bicep build failed ({result.ExitCode}):\n{result.AllOutput}");
            }

            return new BuiltTemplate(JsonNode.Parse(File.ReadAllText(output))!.AsObject());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    private static IEnumerable<DeployedResource> Walk(string module, JsonObject template)
    {
        foreach (var (symbol, resource) in Entries(template["resources"]))
        {
            if (resource["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            yield return new DeployedResource(module, symbol, resource);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments")
            {
                foreach (var nested in Walk(symbol, resource["properties"]!["template"]!.AsObject()))
                {
                    yield return nested;
                }
            }
        }
    }

    // languageVersion 2.0 templates key resources by symbolic name; 1.0 templates use an array.
    private static IEnumerable<(string Symbol, JsonObject Resource)> Entries(JsonNode? resources) => resources switch
    {
        JsonObject byName => byName.Select(p => (p.Key, p.Value!.AsObject())),
        JsonArray list => list.Select((r, i) => ($"#{i}", r!.AsObject())),
        _ => [],
    };
}

internal static class JsonPathExtensions
{
    /// <summary>Follows a dotted path of property names ("properties.siteConfig.minTlsVersion").</summary>
    public static JsonNode? Select(this JsonNode node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            current = current is JsonObject obj ? obj[part] : null;
        }

        return current;
    }
}
