using System.Globalization;
using System.Text.Json.Nodes;

namespace TrailNormalizer.SchemaGen.Compile;

/// <summary>
/// Builds the enum of <c>observable.type_id</c> the way the OCSF compiler does: every dictionary
/// type, dictionary attribute, object, class and item attribute that declares an <c>observable</c>
/// number contributes one value (later declarations win).
/// </summary>
internal static class ObservableTypeIds
{
    public static JsonObject Collect(
        JsonObject types,
        JsonObject dictionary,
        Dictionary<string, JsonObject> objects,
        Dictionary<string, JsonObject> classes)
    {
        var ids = new JsonObject();
        foreach (var (name, node) in types)
        {
            AddIfObservable(ids, node as JsonObject, Caption(node, name));
        }

        foreach (var (name, node) in dictionary)
        {
            AddIfObservable(ids, node as JsonObject, Caption(node, name));
        }

        AddItems(ids, objects, "Object");
        AddItems(ids, classes, "Class");
        return ids;
    }

    private static void AddItems(JsonObject ids, Dictionary<string, JsonObject> items, string kind)
    {
        foreach (var (name, item) in items)
        {
            var caption = Caption(item, name);
            AddIfObservable(ids, item, caption);
            foreach (var (attributeName, attribute) in (JsonObject)item["attributes"]!)
            {
                AddIfObservable(ids, attribute as JsonObject, $"{caption} {kind}: {attributeName}");
            }

            foreach (var (path, number) in item["observables"] as JsonObject ?? [])
            {
                ids[NumberKey(number!)] = CaptionEntry($"{caption} {kind}: {path}");
            }
        }
    }

    private static void AddIfObservable(JsonObject ids, JsonObject? declaration, string caption)
    {
        if (declaration?["observable"] is { } number)
        {
            ids[NumberKey(number)] = CaptionEntry(caption);
        }
    }

    private static string Caption(JsonNode? node, string fallback) =>
        node?["caption"]?.GetValue<string>() ?? fallback;

    private static string NumberKey(JsonNode number) =>
        number.GetValue<int>().ToString(CultureInfo.InvariantCulture);

    private static JsonObject CaptionEntry(string caption) => new() { ["caption"] = caption };
}
