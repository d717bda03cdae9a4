using System.Text.Json.Nodes;

namespace TrailNormalizer.SchemaGen.Compile;

/// <summary>
/// The merge rules of the OCSF schema compiler: how an attribute definition from one source
/// (an included profile, a parent class, the dictionary) is combined with another.
/// </summary>
internal static class AttributeMerge
{
    private static readonly Dictionary<string, int> RequirementRank = new(StringComparer.Ordinal)
    {
        ["optional"] = 1,
        ["recommended"] = 2,
        ["required"] = 3,
    };

    /// <summary>Merges <paramref name="source"/> into <paramref name="target"/>: nested objects are merged,
    /// anything else is replaced by a copy of the source value.</summary>
    public static JsonObject DeepMerge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source)
        {
            if (target[key] is JsonObject targetChild && value is JsonObject sourceChild)
            {
                DeepMerge(targetChild, sourceChild);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }

        return target;
    }

    /// <summary>
    /// Merges attribute details of <paramref name="source"/> on top of <paramref name="target"/>
    /// (a map of attribute name to details). Profile lists are unioned (an explicit null, i.e.
    /// <c>"profile": null</c>, makes the attribute unconditional); an attribute brought in by two
    /// profiles keeps the stronger requirement; enums and other nested objects are merged.
    /// </summary>
    public static void MergeAttributes(JsonObject target, JsonObject source)
    {
        foreach (var (name, sourceNode) in source)
        {
            if (sourceNode is not JsonObject sourceAttribute)
            {
                continue;
            }

            if (target[name] is not JsonObject targetAttribute)
            {
                targetAttribute = [];
                target[name] = targetAttribute;
            }

            foreach (var (key, value) in sourceAttribute)
            {
                MergeDetail(targetAttribute, sourceAttribute, key, value);
            }
        }
    }

    private static void MergeDetail(JsonObject target, JsonObject source, string key, JsonNode? value)
    {
        if (!target.ContainsKey(key) || JsonNode.DeepEquals(target[key], value))
        {
            target[key] = value?.DeepClone();
        }
        else if (key == "profiles")
        {
            target[key] = value is null ? null : UnionSorted(target[key] as JsonArray, (JsonArray)value);
        }
        else if (key == "requirement" && source["profiles"] is not null && target.ContainsKey("profiles"))
        {
            var current = target[key]!.GetValue<string>();
            var offered = value!.GetValue<string>();
            target[key] = Rank(offered) > Rank(current) ? offered : current;
        }
        else if (target[key] is JsonObject targetChild && value is JsonObject sourceChild)
        {
            DeepMerge(targetChild, sourceChild);
        }
        else
        {
            target[key] = value?.DeepClone();
        }
    }

    /// <summary>The sorted union of two lists of profile names.</summary>
    public static JsonArray UnionSorted(JsonArray? first, JsonArray? second)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var item in (first ?? []).Concat(second ?? []))
        {
            names.Add(item!.GetValue<string>());
        }

        return new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray());
    }

    private static int Rank(string requirement) => RequirementRank.GetValueOrDefault(requirement);
}
