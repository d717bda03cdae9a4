using System.Globalization;
using System.Text.Json.Nodes;

namespace TrailNormalizer.SchemaGen.Compile;

/// <summary>
/// Compiles an OCSF source tree the way the OCSF schema compiler does: includes, <c>extends</c>,
/// class/category/type ids, and each attribute's dictionary definition merged under its overrides.
/// </summary>
internal static class OcsfCompiler
{
    public static CompiledOcsf Compile(string root)
    {
        var reader = new OcsfSourceReader(root);
        var version = reader.Load("version.json")["version"]!.GetValue<string>();
        var dictionaryFile = reader.Load("dictionary.json");
        var types = (JsonObject)dictionaryFile["types"]!["attributes"]!;
        var dictionary = (JsonObject)dictionaryFile["attributes"]!;
        var categories = (JsonObject)reader.Load("categories.json")["attributes"]!;
        var profileNames = Directory.GetFiles(Path.Combine(root, "profiles"), "*.json")
            .Select(f => reader.Load(Path.GetRelativePath(root, f))["name"]!.GetValue<string>())
            .Order(StringComparer.Ordinal)
            .ToList();

        var objects = reader.ReadItems("objects");
        var classes = reader.ReadItems("events");
        var observableEnum = (JsonObject)objects["observable"]["attributes"]!["type_id"]!["enum"]!;
        foreach (var (id, entry) in ObservableTypeIds.Collect(types, dictionary, objects, classes))
        {
            observableEnum[id] = entry!.DeepClone();
        }

        ExtendsResolver.Resolve(objects);
        foreach (var item in objects.Values)
        {
            AddDictionaryDefinitions(item, dictionary);
        }

        ExtendsResolver.Resolve(classes);
        var concrete = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (name, item) in classes)
        {
            if (name != "base_event" && !item.ContainsKey("uid"))
            {
                continue; // a category-level class such as "application" is never instantiated
            }

            AddClassIdentifiers(item, categories);
            AddDictionaryDefinitions(item, dictionary);
            concrete[name] = item;
        }

        return new CompiledOcsf(version, types, objects, concrete, profileNames);
    }

    /// <summary>class_uid = category uid * 1000 + class uid; type_uid = class_uid * 100 + activity_id,
    /// each with a one-entry (or per-activity) enum whose caption the sibling name must match.</summary>
    private static void AddClassIdentifiers(JsonObject item, JsonObject categories)
    {
        var category = categories[item["category"]?.GetValue<string>() ?? ""] as JsonObject;
        var categoryUid = category?["uid"]!.GetValue<int>() ?? 0;
        var categoryName = category?["caption"]!.GetValue<string>() ?? "Uncategorized";
        var classUid = (categoryUid * 1000) + (item["uid"]?.GetValue<int>() ?? 0);
        var caption = item["caption"]!.GetValue<string>();
        item["uid"] = classUid;
        item["category_uid"] = categoryUid;
        item["category_name"] = categoryName;

        var attributes = (JsonObject)item["attributes"]!;
        var typeUids = new JsonObject();
        foreach (var (activity, entry) in (JsonObject)attributes["activity_id"]!["enum"]!)
        {
            var typeEntry = (JsonObject)entry!.DeepClone();
            typeEntry["caption"] = $"{caption}: {entry["caption"]?.GetValue<string>()}";
            typeUids[Key(((long)classUid * 100) + long.Parse(activity, CultureInfo.InvariantCulture))] = typeEntry;
        }

        typeUids[Key((long)classUid * 100)] = new JsonObject { ["caption"] = $"{caption}: Unknown" };
        Attribute(attributes, "type_uid")["enum"] = typeUids;
        Attribute(attributes, "class_uid")["enum"] = new JsonObject { [Key(classUid)] = new JsonObject { ["caption"] = caption } };
        Attribute(attributes, "category_uid")["enum"] = new JsonObject { [Key(categoryUid)] = new JsonObject { ["caption"] = categoryName } };
    }

    /// <summary>Puts each attribute's dictionary entry underneath the item's own details
    /// (the item wins; enums are merged) and defaults the requirement to optional.</summary>
    private static void AddDictionaryDefinitions(JsonObject item, JsonObject dictionary)
    {
        var attributes = (JsonObject)item["attributes"]!;
        foreach (var name in attributes.Select(p => p.Key).ToList())
        {
            var definition = dictionary[name]?.DeepClone() as JsonObject ?? new JsonObject { ["type"] = "?undefined" };
            var merged = AttributeMerge.DeepMerge(definition, (JsonObject)attributes[name]!);
            if (!merged.ContainsKey("requirement"))
            {
                merged["requirement"] = "optional";
            }

            attributes[name] = merged;
        }
    }

    private static JsonObject Attribute(JsonObject attributes, string name)
    {
        if (attributes[name] is not JsonObject attribute)
        {
            attribute = [];
            attributes[name] = attribute;
        }

        return attribute;
    }

    private static string Key(long value) => value.ToString(CultureInfo.InvariantCulture);
}
