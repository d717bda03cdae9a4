using System.Text.Json;

namespace TrailNormalizer.Core.Coverage;

/// <summary>Which security facts a normalized OCSF event carries in typed fields (see <see cref="TypedFact"/>).</summary>
internal static class EventFacts
{
    public static HashSet<TypedFact> Typed(JsonElement ev)
    {
        var typed = new HashSet<TypedFact>();
        int classUid = ev.TryGetProperty("class_uid", out var c) && c.TryGetInt32(out int uid) ? uid : 0;
        var actor = Get(ev, "actor");
        var evidences = ev.TryGetProperty("evidences", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];

        if (Named(Get(actor, "user")) || Text(actor, "invoked_by") || Named(Get(ev, "user")) || evidences.Any(e => Named(Get(e, "user"))))
        {
            typed.Add(TypedFact.ActorUser);
        }

        var endpoints = new List<JsonElement?> { Get(ev, "src_endpoint") };
        endpoints.AddRange(evidences.Select(e => Get(e, "src_endpoint")));
        if (endpoints.Any(e => Text(e, "ip")))
        {
            typed.Add(TypedFact.SourceIp);
        }

        if (endpoints.Any(e => Get(e, "location") is not null))
        {
            typed.Add(TypedFact.Location);
        }

        if (Text(Get(ev, "api"), "operation") || Text(Get(ev, "finding_info"), "title")
            || (classUid is 3001 or 3002 or 5023 && ev.TryGetProperty("activity_id", out var a) && a.TryGetInt32(out int activity) && activity != 0))
        {
            typed.Add(TypedFact.Operation);
        }

        if (Number(ev, "status_id") is > 0 || Number(Get(ev, "compliance"), "status_id") is > 0)
        {
            typed.Add(TypedFact.Outcome);
        }

        if ((ev.TryGetProperty("resources", out var resources) && resources.ValueKind == JsonValueKind.Array && resources.GetArrayLength() > 0)
            || (classUid == 3001 && Named(Get(ev, "user"))) || Text(Get(ev, "service"), "name") || Text(ev, "log_name"))
        {
            typed.Add(TypedFact.TargetResource);
        }

        if (ev.TryGetProperty("is_mfa", out _) || Get(Get(actor, "session"), "is_mfa") is not null)
        {
            typed.Add(TypedFact.Mfa);
        }

        if (Text(Get(ev, "http_request"), "user_agent") || evidences.Any(e => Text(Get(e, "http_request"), "user_agent")))
        {
            typed.Add(TypedFact.UserAgent);
        }

        return typed;
    }

    private static JsonElement? Get(JsonElement? obj, string name) =>
        obj is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    private static bool Text(JsonElement? obj, string name) => Get(obj, name) is { ValueKind: JsonValueKind.String } v && v.GetString()!.Length > 0;

    private static int? Number(JsonElement? obj, string name) => Get(obj, name) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int n) ? n : null;

    /// <summary>A user object that names someone (a name other than the "unknown" placeholder, or a uid).</summary>
    private static bool Named(JsonElement? user) =>
        Text(user, "uid") || (Get(user, "name") is { ValueKind: JsonValueKind.String } n && n.GetString() is { Length: > 0 } name && name != "unknown");
}
