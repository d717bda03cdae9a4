using System.Text.Json;

namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>The few OCSF fields reports read from a stored event, tolerant of missing or mistyped values.</summary>
public static class EventFields
{
    public const string IncidentPrefix = "incident:";
    public const int AuthenticationClass = 3002;

    public static string Product(JsonElement ev) =>
        ev.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("product", out var p)
        && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String
            ? n.GetString()! : "unknown";

    public static List<string> Labels(JsonElement ev) =>
        ev.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Array
            ? labels.EnumerateArray().Where(l => l.ValueKind == JsonValueKind.String).Select(l => l.GetString()!).ToList()
            : [];

    /// <summary>Where the client was: <c>src_endpoint.location</c> country, else city; null when unknown.</summary>
    public static string? SourceLocation(JsonElement ev)
    {
        if (!ev.TryGetProperty("src_endpoint", out var src) || src.ValueKind != JsonValueKind.Object
            || !src.TryGetProperty("location", out var location) || location.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (string field in (ReadOnlySpan<string>)["country", "city"])
        {
            if (location.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text
                && !text.Equals("unknown", StringComparison.OrdinalIgnoreCase))
            {
                return text;
            }
        }

        return null;
    }

    public static long Time(JsonElement ev) => ev.TryGetProperty("time", out var t) && t.TryGetInt64(out long ms) ? ms : 0;

    /// <summary>A one-line description for tables: "API Activity: StopLogging (CloudTrail)".</summary>
    public static string Describe(JsonElement ev)
    {
        string cls = Text(ev, "class_name") ?? "event";
        string? what = ev.TryGetProperty("api", out var api) && api.ValueKind == JsonValueKind.Object ? Text(api, "operation") : null;
        what ??= Text(ev, "activity_name");
        return $"{cls}{(what is null ? "" : ": " + what)} ({Product(ev)})";
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
