using System.Text.Json.Nodes;
using TrailNormalizer.SchemaGen.Compile;

namespace TrailNormalizer.SchemaGen.Emit;

/// <summary>
/// Builds the JSON Schema of an OCSF object or event class for a set of active profiles: the attributes
/// whose profile is active (or that belong to no profile) become <c>properties</c>, required ones are
/// listed in <c>required</c>, nothing else is allowed, and the item's constraints become
/// <c>x-at-least-one</c> / <c>x-just-one</c>. An object that defines no attributes (the generic
/// <c>object</c>, used by <c>unmapped</c>) accepts any JSON object.
/// </summary>
internal sealed class ObjectSchemaBuilder(CompiledOcsf ocsf, IReadOnlySet<string> activeProfiles, Action<string> requireObject)
{
    private readonly AttributeSchemaBuilder attributes = new(ocsf, requireObject);

    public static string RefTo(string objectName) => $"#/$defs/{objectName}";

    public JsonObject Build(string name, JsonObject item)
    {
        var schema = new JsonObject { ["type"] = "object" };
        if (item["caption"]?.GetValue<string>() is { } caption)
        {
            schema["title"] = caption;
        }

        var all = (JsonObject)item["attributes"]!;
        if (all.Count == 0)
        {
            return schema;
        }

        var properties = new JsonObject();
        var required = new List<string>();
        var profileOnly = new JsonObject();
        foreach (var (attributeName, node) in all)
        {
            var attribute = (JsonObject)node!;
            if (!IsActive(attribute))
            {
                profileOnly[attributeName] = attribute["profiles"]!.DeepClone();
                continue;
            }

            properties[attributeName] = attributes.Build(name, attributeName, attribute);
            if (attribute["requirement"]?.GetValue<string>() == "required")
            {
                required.Add(attributeName);
            }
        }

        AddDatetimeSiblings(all, properties, profileOnly);
        schema["properties"] = properties;
        schema["additionalProperties"] = false;
        if (required.Count > 0)
        {
            schema["required"] = StringArray(required);
        }

        if (profileOnly.Count > 0)
        {
            schema["x-profile-attributes"] = profileOnly;
        }

        AddConstraints(name, item, schema);
        return schema;
    }

    /// <summary>The datetime profile adds an <c>X_dt</c> string sibling to every timestamp attribute X; the
    /// generated schemas do not enable that profile, so the siblings are only named (for clearer errors).</summary>
    private static void AddDatetimeSiblings(JsonObject all, JsonObject properties, JsonObject profileOnly)
    {
        foreach (var (name, _) in properties)
        {
            var sibling = name + "_dt";
            if (all[name]!["type"]?.GetValue<string>() == "timestamp_t" && !all.ContainsKey(sibling))
            {
                profileOnly[sibling] = new JsonArray("datetime");
            }
        }
    }

    private bool IsActive(JsonObject attribute) =>
        attribute["profiles"] is not JsonArray profiles
        || profiles.Any(p => activeProfiles.Contains(p!.GetValue<string>()));

    private static void AddConstraints(string name, JsonObject item, JsonObject schema)
    {
        foreach (var (kind, keys) in item["constraints"] as JsonObject ?? [])
        {
            var keyword = kind switch
            {
                "at_least_one" => "x-at-least-one",
                "just_one" => "x-just-one",
                _ => throw new InvalidDataException($"{name}: unknown constraint kind '{kind}'"),
            };
            schema[keyword] = keys!.DeepClone();
        }
    }

    public static JsonArray StringArray(IEnumerable<string> values) =>
        new(values.Order(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
