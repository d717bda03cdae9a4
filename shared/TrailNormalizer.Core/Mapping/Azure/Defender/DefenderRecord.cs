using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.Defender;

/// <summary>Which Microsoft Defender for Cloud record a JSON object is.</summary>
internal enum DefenderKind
{
    /// <summary>A security alert: Detection Finding.</summary>
    Alert,

    /// <summary>A security assessment (recommendation) for one resource: Compliance Finding.</summary>
    Assessment,
}

/// <summary>
/// Recognizes Defender for Cloud alerts and assessments in the shapes they are exported in — the REST / continuous-export
/// shape (<c>{"id","type":"Microsoft.Security/…/alerts"|"Microsoft.Security/assessments","properties":{…}}</c>) and the
/// Log Analytics tables <c>SecurityAlert</c> and <c>SecurityRecommendation</c> — and reads a field by either spelling.
/// </summary>
internal readonly record struct DefenderRecord(JsonElement Root, JsonElement Fields, DefenderKind Kind)
{
    /// <summary>The Defender record <paramref name="value"/> is, else null.</summary>
    public static DefenderRecord? Of(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? type = value.TextAnyCase("type") ?? value.TextAnyCase("Type");
        var properties = value.ObjAnyCase("properties");
        if (type is not null && properties is { } p && type.StartsWith("Microsoft.Security/", StringComparison.OrdinalIgnoreCase))
        {
            if (type.EndsWith("/alerts", StringComparison.OrdinalIgnoreCase))
            {
                return new DefenderRecord(value, p, DefenderKind.Alert);
            }

            if (type.EndsWith("/assessments", StringComparison.OrdinalIgnoreCase) || type.EndsWith("/subAssessments", StringComparison.OrdinalIgnoreCase))
            {
                return new DefenderRecord(value, p, DefenderKind.Assessment);
            }
        }

        if (value.HasAnyCase("SystemAlertId") && value.HasAnyCase("AlertName"))
        {
            return new DefenderRecord(value, value, DefenderKind.Alert);
        }

        if (value.HasAnyCase("RecommendationName") && value.HasAnyCase("RecommendationState"))
        {
            return new DefenderRecord(value, value, DefenderKind.Assessment);
        }

        return null;
    }

    /// <summary>The first of <paramref name="names"/> present as text in the record's fields (properties or table columns).</summary>
    public string? Text(params string[] names)
    {
        foreach (string name in names)
        {
            if (Fields.TextAnyCase(name) is { Length: > 0 } text)
            {
                return text;
            }
        }

        return null;
    }

    /// <summary>
    /// A field that is an array or object, or (in Log Analytics tables, which store them as text) a JSON-encoded one,
    /// parsed into a document kept in <paramref name="owned"/>.
    /// </summary>
    public JsonElement? Json(string name, List<JsonDocument> owned) => Fields.ObjOrArrayOrEncodedAnyCase(name, owned);
}
