using System.Text.Json.Nodes;

namespace TrailNormalizer.SchemaGen.Compile;

/// <summary>
/// Reads the OCSF source tree: every object or event file, with its <c>"profile"</c> annotations
/// turned into <c>profiles</c> lists and its <c>$include</c>s (profiles and other fragments) merged in.
/// </summary>
internal sealed class OcsfSourceReader(string root)
{
    public string Root { get; } = root;

    /// <summary>Loads one JSON file below the root as a mutable object.</summary>
    public JsonObject Load(string relativePath)
    {
        var path = Path.Combine(Root, relativePath);
        return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path}: not a JSON object");
    }

    /// <summary>Reads every *.json file under <paramref name="folder"/> (objects or events), in ordinal
    /// path order, keyed by the item's <c>name</c>, with its includes resolved.</summary>
    public Dictionary<string, JsonObject> ReadItems(string folder)
    {
        var files = Directory.GetFiles(Path.Combine(Root, folder), "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        var items = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var item = Load(file);
            ResolveProfilesAndIncludes(item);
            items[item["name"]!.GetValue<string>()] = item;
        }

        return items;
    }

    private void ResolveProfilesAndIncludes(JsonObject item)
    {
        if (item["attributes"] is not JsonObject attributes)
        {
            attributes = [];
            item["attributes"] = attributes;
        }

        foreach (var (name, node) in attributes.ToList())
        {
            if (name != "$include" && node is JsonObject attribute && attribute.Remove("profile", out var profile))
            {
                attribute["profiles"] = profile is null ? null : new JsonArray(profile.DeepClone());
            }
        }

        if (!attributes.Remove("$include", out var includes) || includes is null)
        {
            return;
        }

        var paths = includes is JsonArray list
            ? list.Select(p => p!.GetValue<string>()).ToList()
            : [includes.GetValue<string>()];
        foreach (var path in paths)
        {
            var merged = IncludedAttributes(Load(path));
            AttributeMerge.MergeAttributes(merged, (JsonObject)item["attributes"]!);
            item["attributes"] = merged;
        }
    }

    /// <summary>The attributes an included file contributes: tagged with the profile's name when the
    /// file is a profile, and given the file's <c>annotations</c> (e.g. <c>group</c>) as defaults.</summary>
    private static JsonObject IncludedAttributes(JsonObject source)
    {
        var attributes = source["attributes"]?.DeepClone() as JsonObject ?? [];
        var isProfile = source["meta"]?.GetValue<string>() == "profile";
        var annotations = source["annotations"] as JsonObject;
        foreach (var (_, node) in attributes)
        {
            if (node is not JsonObject attribute)
            {
                continue;
            }

            if (isProfile)
            {
                attribute["profiles"] = new JsonArray(JsonValue.Create(source["name"]!.GetValue<string>()));
            }

            foreach (var (key, value) in annotations ?? [])
            {
                if (!attribute.ContainsKey(key))
                {
                    attribute[key] = value?.DeepClone();
                }
            }
        }

        return attributes;
    }
}
