using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrailNormalizer.Cli.Export;

/// <summary>
/// The column types of one OCSF class's Parquet files, as a DuckDB JSON structure for <c>json_transform</c>.
/// Types come from the class's OCSF 1.8.0 JSON Schema (objects → STRUCT, arrays → LIST, integer_t/port_t →
/// INTEGER, long_t/timestamp_t → BIGINT, float_t → DOUBLE, boolean_t → BOOLEAN, string types → VARCHAR;
/// free-form objects such as <c>unmapped</c> and json_t values → JSON text). The attributes are those the
/// exported events use: the whole class has thousands of leaves through its recursive objects.
/// </summary>
public static class OcsfParquetShape
{
    private const string ResourcePrefix = "ocsf/";

    /// <summary>The OCSF class schemas (cloud profile) built into the CLI, by class_uid.</summary>
    private static readonly Lazy<Dictionary<int, JsonObject>> Schemas = new(Load);

    public static bool Knows(int classUid) => Schemas.Value.ContainsKey(classUid);

    /// <summary>
    /// The structure for <paramref name="classUid"/> limited to <paramref name="dataStructure"/>, the
    /// <c>json_group_structure</c> of the class's events (the keys they use, with DuckDB's guessed types).
    /// </summary>
    public static string For(int classUid, string dataStructure)
    {
        var schema = Schemas.Value[classUid];
        var defs = schema["$defs"]!.AsObject();
        var shape = Shape(schema, JsonNode.Parse(dataStructure), defs);
        return shape.ToJsonString();
    }

    private static JsonNode Shape(JsonNode schemaNode, JsonNode? data, JsonObject defs)
    {
        var node = Resolve(schemaNode, defs);
        if (node["type"] is JsonArray || (string?)node["x-ocsf-type"] == "json_t")
        {
            return "JSON";
        }

        switch ((string?)node["type"])
        {
            case "object" when node["properties"] is JsonObject properties && data is JsonObject used:
                var shape = new JsonObject();
                foreach (var (name, property) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (used.TryGetPropertyValue(name, out var usedValue))
                    {
                        shape[name] = Shape(property!, usedValue, defs);
                    }
                }

                foreach (var (name, _) in used.Where(u => !properties.ContainsKey(u.Key)).OrderBy(u => u.Key, StringComparer.Ordinal))
                {
                    shape[name] = "JSON"; // not in OCSF: kept, as JSON text, rather than dropped
                }

                return shape;
            case "object":
                return "JSON";
            case "array":
                return new JsonArray(Shape(node["items"]!, data is JsonArray items && items.Count > 0 ? items[0] : null, defs));
            case "integer":
                return (string?)node["x-ocsf-type"] is "integer_t" or "port_t" ? "INTEGER" : "BIGINT";
            case "number":
                return "DOUBLE";
            case "boolean":
                return "BOOLEAN";
            default:
                return "VARCHAR";
        }
    }

    private static JsonNode Resolve(JsonNode node, JsonObject defs) =>
        node["$ref"] is JsonValue reference ? defs[((string)reference!)["#/$defs/".Length..]]! : node;

    private static Dictionary<int, JsonObject> Load()
    {
        var assembly = typeof(OcsfParquetShape).Assembly;
        var schemas = new Dictionary<int, JsonObject>();
        foreach (string name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var schema = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!.AsObject();
            schemas[(int)schema["x-ocsf"]!["class_uid"]!] = schema;
        }

        return schemas;
    }
}
