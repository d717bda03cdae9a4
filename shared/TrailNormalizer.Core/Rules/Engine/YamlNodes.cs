using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailNormalizer.Core.Rules.Engine;

/// <summary>Small readers over YamlDotNet's representation model (scalars, nulls, lists of strings).</summary>
internal static class YamlNodes
{
    /// <summary>A plain <c>null</c>, <c>~</c> or empty scalar (a quoted <c>''</c> is the empty string, not null).</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "~" or "null" or "Null" or "NULL");

    public static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? value) ? value : null;

    /// <summary>A scalar child's text; null when absent or null; an error when it is not a scalar.</summary>
    public static string? Text(YamlMappingNode map, string key)
    {
        YamlNode? node = Child(map, key);
        if (node is null || IsNull(node))
        {
            return null;
        }

        return node is YamlScalarNode scalar
            ? scalar.Value
            : throw new RuleCompileException($"'{key}' must be a single value", node);
    }

    /// <summary>A list of strings (a single scalar counts as a one-item list).</summary>
    public static IReadOnlyList<string> List(YamlMappingNode map, string key)
    {
        YamlNode? node = Child(map, key);
        return node switch
        {
            null => [],
            _ when IsNull(node) => [],
            YamlScalarNode scalar => [scalar.Value ?? string.Empty],
            YamlSequenceNode list => list.Children.Select(item => item is YamlScalarNode s
                ? s.Value ?? string.Empty
                : throw new RuleCompileException($"'{key}' must be a list of values", item)).ToArray(),
            _ => throw new RuleCompileException($"'{key}' must be a list of values", node),
        };
    }

    public static string KeyText(YamlNode key) =>
        key is YamlScalarNode scalar ? scalar.Value ?? string.Empty : throw new RuleCompileException("keys must be plain text", key);
}
