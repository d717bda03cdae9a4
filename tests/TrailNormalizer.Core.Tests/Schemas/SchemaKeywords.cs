using System.Text.Json;

namespace TrailNormalizer.Core.Tests.Schemas;

/// <summary>
/// The JSON Schema subset <see cref="SchemaEvaluator"/> understands, and a load-time check that a schema
/// uses nothing else (so a generator change can never be silently ignored by the tests).
/// </summary>
internal static class SchemaKeywords
{
    /// <summary>Keywords whose value is one subschema.</summary>
    private static readonly HashSet<string> SingleSubschema = new(StringComparer.Ordinal)
    {
        "items", "contains", "additionalProperties", "not", "if", "then", "else",
    };

    /// <summary>Keywords whose value is an array of subschemas.</summary>
    private static readonly HashSet<string> SubschemaArrays = new(StringComparer.Ordinal)
    {
        "allOf", "anyOf", "oneOf",
    };

    /// <summary>Keywords whose value is a map of name to subschema.</summary>
    private static readonly HashSet<string> SubschemaMaps = new(StringComparer.Ordinal)
    {
        "properties", "$defs",
    };

    /// <summary>Keywords with a plain value (assertions, annotations and the OCSF extensions).</summary>
    private static readonly HashSet<string> Plain = new(StringComparer.Ordinal)
    {
        "$schema", "$id", "$ref", "title", "description",
        "type", "enum", "const", "required",
        "pattern", "maxLength", "minimum", "maximum", "maxItems",
        "x-ocsf", "x-ocsf-type", "x-sibling", "x-enum-captions", "x-profile-attributes",
        "x-at-least-one", "x-just-one",
    };

    /// <summary>Throws when <paramref name="schema"/> (or any subschema) uses an unsupported keyword.</summary>
    public static void EnsureSupported(JsonElement schema, string where)
    {
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind == JsonValueKind.False)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where}: a schema must be an object or a boolean");
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            var at = $"{where}/{keyword.Name}";
            if (SingleSubschema.Contains(keyword.Name))
            {
                EnsureSupported(keyword.Value, at);
            }
            else if (SubschemaArrays.Contains(keyword.Name))
            {
                var i = 0;
                foreach (var item in keyword.Value.EnumerateArray())
                {
                    EnsureSupported(item, $"{at}/{i++}");
                }
            }
            else if (SubschemaMaps.Contains(keyword.Name))
            {
                foreach (var entry in keyword.Value.EnumerateObject())
                {
                    EnsureSupported(entry.Value, $"{at}/{entry.Name}");
                }
            }
            else if (!Plain.Contains(keyword.Name))
            {
                throw new InvalidDataException($"{at}: keyword not supported by {nameof(OcsfSchemaValidator)}");
            }
        }
    }
}
