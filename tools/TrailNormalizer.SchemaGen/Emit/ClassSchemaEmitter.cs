using System.Globalization;
using System.Text.Json.Nodes;
using TrailNormalizer.SchemaGen.Compile;

namespace TrailNormalizer.SchemaGen.Emit;

/// <summary>
/// Emits the complete JSON Schema (draft 2020-12) of one OCSF event class for one set of active
/// profiles: the class as the root, every object it reaches in <c>$defs</c> (referenced with
/// <c>$ref</c>, so recursive objects such as user/org stay finite), and the event-level rules
/// (type_uid = class_uid * 100 + activity_id, metadata.version, metadata.profiles).
/// </summary>
internal static class ClassSchemaEmitter
{
    public const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    public static JsonObject Emit(CompiledOcsf ocsf, string className, ProfileVariant variant)
    {
        var item = ocsf.Classes.TryGetValue(className, out var found)
            ? found
            : throw new InvalidDataException($"OCSF {ocsf.Version} has no event class '{className}'");
        var pending = new Queue<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var builder = new ObjectSchemaBuilder(ocsf, variant.Profiles.ToHashSet(StringComparer.Ordinal), name =>
        {
            if (seen.Add(name))
            {
                pending.Enqueue(name);
            }
        });

        var root = builder.Build(className, item);
        var definitions = new JsonObject();
        while (pending.TryDequeue(out var objectName))
        {
            definitions[objectName] = builder.Build(objectName, ocsf.Objects[objectName]);
        }

        var classUid = item["uid"]!.GetValue<int>();
        var profileText = variant.Profiles.Count == 0 ? "no profiles" : "profiles: " + string.Join(", ", variant.Profiles);
        root["$schema"] = SchemaDialect;
        root["$id"] = $"urn:trailnormalizer:ocsf:{ocsf.Version}:{className}{variant.FileSuffix.Replace(".schema.json", "", StringComparison.Ordinal)}";
        root["title"] = $"OCSF {ocsf.Version} {item["caption"]!.GetValue<string>()} ({classUid.ToString(CultureInfo.InvariantCulture)}), {profileText}";
        root["x-ocsf"] = new JsonObject
        {
            ["version"] = ocsf.Version,
            ["class_name"] = className,
            ["class_uid"] = classUid,
            ["category_uid"] = item["category_uid"]!.GetValue<int>(),
            ["profiles"] = ObjectSchemaBuilder.StringArray(variant.Profiles),
            ["generated_by"] = "tools/TrailNormalizer.SchemaGen",
        };
        root["allOf"] = TypeUidRules(item, classUid);
        root["$defs"] = definitions;
        if (definitions["metadata"] is JsonObject metadata)
        {
            PinMetadata(metadata, ocsf, variant.Profiles);
        }

        return root;
    }

    /// <summary>One <c>if activity_id = N then type_uid = class_uid * 100 + N</c> rule per activity.</summary>
    private static JsonArray TypeUidRules(JsonObject item, int classUid)
    {
        var rules = new JsonArray();
        var activities = ((JsonObject)item["attributes"]!["activity_id"]!["enum"]!)
            .Select(e => long.Parse(e.Key, CultureInfo.InvariantCulture))
            .Order();
        foreach (var activity in activities)
        {
            rules.Add(new JsonObject
            {
                ["if"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["activity_id"] = new JsonObject { ["const"] = activity } },
                    ["required"] = new JsonArray("activity_id"),
                },
                ["then"] = new JsonObject
                {
                    ["properties"] = new JsonObject { ["type_uid"] = new JsonObject { ["const"] = (classUid * 100L) + activity } },
                },
            });
        }

        return rules;
    }

    /// <summary>metadata.version must be this schema's version; metadata.profiles may only name OCSF profiles,
    /// must list the profiles this schema was generated for, and (in the no-profile variant) must not list
    /// those of another variant. Attributes of profiles without a variant stay disallowed.</summary>
    private static void PinMetadata(JsonObject metadata, CompiledOcsf ocsf, IReadOnlyList<string> profiles)
    {
        var properties = (JsonObject)metadata["properties"]!;
        ((JsonObject)properties["version"]!)["const"] = ocsf.Version;
        var profileList = (JsonObject)properties["profiles"]!;
        var variantProfiles = TargetClasses.Variants.SelectMany(v => v.Profiles).ToHashSet(StringComparer.Ordinal);
        var allowed = ocsf.ProfileNames.Where(p => profiles.Contains(p) || !variantProfiles.Contains(p));
        ((JsonObject)profileList["items"]!)["enum"] = ObjectSchemaBuilder.StringArray(allowed);
        if (profiles.Count == 0)
        {
            return;
        }

        var required = metadata["required"] as JsonArray ?? [];
        var names = required.Select(n => n!.GetValue<string>()).Append("profiles").Distinct(StringComparer.Ordinal);
        metadata["required"] = ObjectSchemaBuilder.StringArray(names);
        profileList["allOf"] = new JsonArray(profiles.Order(StringComparer.Ordinal)
            .Select(p => (JsonNode)new JsonObject { ["contains"] = new JsonObject { ["const"] = p } })
            .ToArray());
    }
}
