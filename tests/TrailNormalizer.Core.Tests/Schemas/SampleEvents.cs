using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrailNormalizer.Core.Tests.Schemas;

/// <summary>Small hand-written OCSF 1.8.0 events for the schema tests, plus helpers to edit them by dotted path.</summary>
internal static class SampleEvents
{
    /// <summary>A minimal valid API Activity (6003) event with the cloud profile.</summary>
    public static JsonObject ApiActivityCloud() => Parse("""
        {
          "activity_id": 1, "activity_name": "Create",
          "category_uid": 6, "category_name": "Application Activity",
          "class_uid": 6003, "class_name": "API Activity",
          "type_uid": 600301, "type_name": "API Activity: Create",
          "severity_id": 1, "severity": "Informational",
          "status_id": 1, "status": "Success",
          "time": 1700000000000,
          "metadata": {
            "version": "1.8.0", "uid": "evt-1", "profiles": ["cloud"],
            "product": { "name": "CloudTrail", "vendor_name": "AWS" }
          },
          "cloud": { "provider": "AWS", "region": "us-east-1", "account": { "uid": "111122223333" } },
          "actor": { "user": { "uid": "arn:aws:iam::111122223333:user/alice", "name": "alice", "type_id": 1, "type": "User" } },
          "api": { "operation": "CreateUser", "service": { "name": "iam.amazonaws.com" }, "request": { "uid": "req-1" } },
          "src_endpoint": { "ip": "192.0.2.10" },
          "resources": [ { "uid": "arn:aws:iam::111122223333:user/bob", "region": "us-east-1" } ]
        }
        """);

    /// <summary>A minimal valid Authentication (3002) logon event without profiles.</summary>
    public static JsonObject Authentication() => Parse("""
        {
          "activity_id": 1, "activity_name": "Logon",
          "category_uid": 3, "class_uid": 3002, "type_uid": 300201,
          "severity_id": 1, "time": 1700000000000, "status_id": 2, "status": "Failure",
          "metadata": { "version": "1.8.0", "product": { "name": "Entra ID", "vendor_name": "Microsoft" } },
          "user": { "name": "alice@example.com" },
          "service": { "name": "Azure Portal" }
        }
        """);

    /// <summary>A minimal valid Base Event (0) without profiles.</summary>
    public static JsonObject BaseEvent() => Parse("""
        {
          "activity_id": 0, "category_uid": 0, "class_uid": 0, "type_uid": 0, "type_name": "Base Event: Unknown",
          "severity_id": 0, "time": 1700000000000,
          "metadata": { "version": "1.8.0", "product": { "name": "TrailNormalizer" } },
          "raw_data": "{\"unknown\":true}"
        }
        """);

    /// <summary>Sets (or, with <paramref name="value"/> null, removes) the attribute at a dotted path such as
    /// <c>api.operation</c>; intermediate objects must exist.</summary>
    public static JsonObject With(this JsonObject ev, string dottedPath, JsonNode? value)
    {
        var parts = dottedPath.Split('.');
        var parent = ev;
        foreach (var part in parts[..^1])
        {
            parent = (JsonObject)parent[part]!;
        }

        if (value is null)
        {
            parent.Remove(parts[^1]);
        }
        else
        {
            parent[parts[^1]] = value;
        }

        return ev;
    }

    /// <summary>Removes the attribute at a dotted path.</summary>
    public static JsonObject Without(this JsonObject ev, string dottedPath) => ev.With(dottedPath, null);

    /// <summary>The event as a <see cref="JsonElement"/>, as the validator takes it.</summary>
    public static JsonElement ToElement(this JsonNode ev)
    {
        using var document = JsonDocument.Parse(ev.ToJsonString());
        return document.RootElement.Clone();
    }

    public static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
