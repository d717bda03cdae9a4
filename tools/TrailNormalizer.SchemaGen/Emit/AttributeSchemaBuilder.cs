using System.Globalization;
using System.Text.Json.Nodes;
using TrailNormalizer.SchemaGen.Compile;

namespace TrailNormalizer.SchemaGen.Emit;

/// <summary>
/// Builds the JSON Schema of one compiled OCSF attribute: a data type or a <c>$ref</c> to an object in
/// <c>$defs</c>, wrapped in an array when <c>is_array</c>, with its enum and, when the attribute has a
/// sibling (e.g. activity_id → activity_name), the captions the sibling must repeat
/// (<c>x-sibling</c>, <c>x-enum-captions</c>; value 99 "Other" is exempt).
/// </summary>
internal sealed class AttributeSchemaBuilder(CompiledOcsf ocsf, Action<string> requireObject)
{
    public JsonObject Build(string owner, string name, JsonObject attribute)
    {
        var type = attribute["type"]!.GetValue<string>();
        JsonObject value;
        if (ocsf.IsPrimitive(type))
        {
            value = PrimitiveSchema.For(ocsf, type);
        }
        else if (ocsf.Objects.ContainsKey(type))
        {
            value = new JsonObject { ["$ref"] = ObjectSchemaBuilder.RefTo(type) };
            requireObject(type);
        }
        else
        {
            throw new InvalidDataException($"{owner}.{name}: attribute type '{type}' is not defined");
        }

        var enumeration = attribute["enum"] as JsonObject;
        if (enumeration is not null)
        {
            value["enum"] = EnumValues(enumeration, ocsf.IsPrimitive(type) && ocsf.BaseType(type) == "string_t");
        }

        var isArray = attribute["is_array"]?.GetValue<bool>() == true;
        if (!isArray && !value.ContainsKey("type") && !value.ContainsKey("$ref")
            && attribute["requirement"]?.GetValue<string>() == "required")
        {
            value["type"] = NonNullTypes(); // a required json_t: OCSF counts null as absent
        }

        var schema = isArray ? new JsonObject { ["type"] = "array", ["items"] = value } : value;
        if (attribute["caption"]?.GetValue<string>() is { } caption)
        {
            schema["title"] = caption;
        }

        if (enumeration is not null && attribute["sibling"]?.GetValue<string>() is { } sibling)
        {
            schema["x-sibling"] = sibling;
            schema["x-enum-captions"] = Captions(enumeration);
        }

        return schema;
    }

    private static JsonArray NonNullTypes() => new("array", "boolean", "number", "object", "string");

    private static JsonArray EnumValues(JsonObject enumeration, bool isString)
    {
        if (isString)
        {
            return new JsonArray(enumeration.Select(e => e.Key).Order(StringComparer.Ordinal)
                .Select(k => (JsonNode)JsonValue.Create(k)).ToArray());
        }

        return new JsonArray(enumeration.Select(e => long.Parse(e.Key, CultureInfo.InvariantCulture)).Order()
            .Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
    }

    private static JsonObject Captions(JsonObject enumeration)
    {
        var captions = new JsonObject();
        foreach (var (key, entry) in enumeration)
        {
            captions[key] = entry?["caption"]?.GetValue<string>() ?? key;
        }

        return captions;
    }
}
