using System.Text.Json.Nodes;
using TrailNormalizer.SchemaGen.Compile;

namespace TrailNormalizer.SchemaGen.Emit;

/// <summary>
/// Maps an OCSF data type (string_t, ip_t, timestamp_t, ...) to a JSON Schema: its base JSON type plus
/// the type's own <c>regex</c> (pattern), <c>max_len</c> (maxLength) and <c>range</c> (minimum/maximum).
/// </summary>
internal static class PrimitiveSchema
{
    /// <summary>Epoch milliseconds below this are before 1973: almost certainly seconds, not milliseconds.</summary>
    public const long PlausibleEpochMillisecondsMinimum = 100_000_000_000;

    public static JsonObject For(CompiledOcsf ocsf, string type)
    {
        var schema = new JsonObject { ["x-ocsf-type"] = type };
        var jsonType = ocsf.BaseType(type) switch
        {
            "string_t" => "string",
            "integer_t" or "long_t" => "integer",
            "float_t" => "number",
            "boolean_t" => "boolean",
            "json_t" => null, // any JSON value
            var other => throw new InvalidDataException($"data type {type} has unknown base type {other}"),
        };
        if (jsonType is not null)
        {
            schema["type"] = jsonType;
        }

        var spec = (JsonObject)ocsf.Types[type]!;
        if (spec["regex"] is { } regex)
        {
            schema["pattern"] = regex.GetValue<string>();
        }

        if (spec["max_len"] is { } maxLength)
        {
            schema["maxLength"] = maxLength.GetValue<int>();
        }

        if (spec["range"] is JsonArray range)
        {
            schema["minimum"] = range[0]!.DeepClone();
            schema["maximum"] = range[1]!.DeepClone();
        }

        if (type == "timestamp_t")
        {
            schema["minimum"] = PlausibleEpochMillisecondsMinimum;
        }

        return schema;
    }
}
