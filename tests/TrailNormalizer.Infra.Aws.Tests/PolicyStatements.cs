using System.Text.Json;

namespace TrailNormalizer.Infra.Aws.Tests;

/// <summary>One IAM statement found anywhere in a template: role inline policies, IAM policies, key, bucket and queue policies.</summary>
public sealed record FoundStatement(string LogicalId, string ResourceType, JsonElement Statement)
{
    public string Effect => Statement.GetProperty(EffectField).GetString()!;

    public string? Sid => Statement.TryGetProperty(SidField, out var sid) ? sid.GetString() : null;

    public IReadOnlyList<string> Actions => Strings("Action");

    public IReadOnlyList<string> NotActions => Strings("NotAction");

    /// <summary>The resources as raw JSON text, so references (Ref / Fn::GetAtt) to logical ids can be matched.</summary>
    public string ResourceJson => Statement.TryGetProperty("Resource", out var r) ? r.GetRawText() : "";

    public bool HasCondition(string op, string key) =>
        Statement.TryGetProperty("Condition", out var c) && c.TryGetProperty(op, out var o) && o.TryGetProperty(key, out _);

    public bool IsTlsOnlyDeny =>
        Effect == "Deny"
        && Statement.TryGetProperty("Condition", out var c)
        && c.TryGetProperty("Bool", out var b)
        && b.TryGetProperty("aws:SecureTransport", out var v)
        && v.GetString() == "false";

    private const string EffectField = "Effect";
    private const string SidField = "Sid";

    private string[] Strings(string name) =>
        !Statement.TryGetProperty(name, out var value) ? []
        : value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(a => a.GetString()!)]
        : [value.GetString()!];
}

public static class PolicyStatements
{
    /// <summary>Every object with a "Statement" array below each resource is a policy document; yields all its statements.</summary>
    public static IEnumerable<FoundStatement> All(SynthesizedTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (var resource in template.Resources.EnumerateObject())
        {
            var type = resource.Value.GetProperty("Type").GetString()!;
            foreach (var statement in Walk(resource.Value))
            {
                yield return new FoundStatement(resource.Name, type, statement);
            }
        }
    }

    private static IEnumerable<JsonElement> Walk(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "Statement" && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var statement in property.Value.EnumerateArray())
                        {
                            yield return statement;
                        }
                    }
                    else
                    {
                        foreach (var nested in Walk(property.Value))
                        {
                            yield return nested;
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var nested in Walk(item))
                    {
                        yield return nested;
                    }
                }

                break;
            default:
                break;
        }
    }
}
