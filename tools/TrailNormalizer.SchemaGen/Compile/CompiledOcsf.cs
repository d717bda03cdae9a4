using System.Text.Json.Nodes;

namespace TrailNormalizer.SchemaGen.Compile;

/// <summary>
/// The compiled OCSF schema: dictionary types, objects and concrete event classes with inheritance,
/// includes and dictionary definitions resolved. Every attribute carries its full definition
/// (<c>type</c>, <c>requirement</c>, optional <c>is_array</c>, <c>enum</c>, <c>sibling</c>, <c>profiles</c>).
/// </summary>
internal sealed record CompiledOcsf(
    string Version,
    JsonObject Types,
    IReadOnlyDictionary<string, JsonObject> Objects,
    IReadOnlyDictionary<string, JsonObject> Classes,
    IReadOnlyList<string> ProfileNames)
{
    /// <summary>True when <paramref name="type"/> names a dictionary data type (e.g. <c>string_t</c>)
    /// rather than an object.</summary>
    public bool IsPrimitive(string type) => Types.ContainsKey(type);

    /// <summary>Follows a data type's <c>type</c> chain down to its base (e.g. timestamp_t → long_t).</summary>
    public string BaseType(string type)
    {
        var current = type;
        while (Types[current] is JsonObject spec && spec["type"]?.GetValue<string>() is { } parent)
        {
            current = parent;
        }

        return current;
    }
}
