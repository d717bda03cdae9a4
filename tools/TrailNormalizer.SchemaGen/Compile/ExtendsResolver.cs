using System.Text.Json.Nodes;

namespace TrailNormalizer.SchemaGen.Compile;

/// <summary>
/// Applies OCSF <c>extends</c> inheritance: each item becomes a copy of its (resolved) parent with the
/// child's attributes merged on top, profile lists unioned and every other key replaced.
/// </summary>
internal static class ExtendsResolver
{
    public static void Resolve(Dictionary<string, JsonObject> items)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in items.Keys.ToList())
        {
            ResolveOne(items, name, done);
        }
    }

    private static void ResolveOne(Dictionary<string, JsonObject> items, string name, HashSet<string> done)
    {
        if (!done.Add(name))
        {
            return;
        }

        var item = items[name];
        var parentName = item["extends"]?.GetValue<string>();
        if (string.IsNullOrEmpty(parentName))
        {
            return;
        }

        if (!items.TryGetValue(parentName, out var parent))
        {
            throw new InvalidDataException($"{name} extends unknown item {parentName}");
        }

        ResolveOne(items, parentName, done);
        parent = items[parentName]; // resolving replaced it with its merged form
        var resolved = (JsonObject)parent.DeepClone();
        foreach (var (key, value) in item)
        {
            switch (key)
            {
                case "attributes":
                    if (resolved["attributes"] is not JsonObject attributes)
                    {
                        attributes = [];
                        resolved["attributes"] = attributes;
                    }

                    AttributeMerge.MergeAttributes(attributes, (JsonObject)value!);
                    break;
                case "profiles":
                    resolved["profiles"] = AttributeMerge.UnionSorted(resolved["profiles"] as JsonArray, value as JsonArray);
                    break;
                default:
                    resolved[key] = value?.DeepClone();
                    break;
            }
        }

        items[name] = resolved;
    }
}
