using System.Net;
using System.Text.Json;

namespace TrailNormalizer.Core.Coverage;

/// <summary>
/// Which security facts a raw source record holds, found by the field names the supported sources use for them (any
/// depth, any case, non-empty values; IP fields must hold an IP address). This is the denominator of the coverage report:
/// a fact the record does not hold cannot be missing from the event.
/// </summary>
internal static class RawFacts
{
    private const int MaxDepth = 10;

    private static readonly Dictionary<string, TypedFact> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["userIdentity"] = TypedFact.ActorUser, ["caller"] = TypedFact.ActorUser, ["initiatedBy"] = TypedFact.ActorUser,
        ["userPrincipalName"] = TypedFact.ActorUser, ["userId"] = TypedFact.ActorUser, ["principalId"] = TypedFact.ActorUser,
        ["requester"] = TypedFact.ActorUser, ["servicePrincipalId"] = TypedFact.ActorUser, ["upn"] = TypedFact.ActorUser, ["SenderId"] = TypedFact.ActorUser,
        ["server_principal_name"] = TypedFact.ActorUser, ["CsUsername"] = TypedFact.ActorUser,
        ["sourceIPAddress"] = TypedFact.SourceIp, ["callerIpAddress"] = TypedFact.SourceIp, ["ipAddress"] = TypedFact.SourceIp,
        ["clientIpAddress"] = TypedFact.SourceIp, ["ipaddr"] = TypedFact.SourceIp, ["source-ip-address"] = TypedFact.SourceIp,
        ["ipAddressV4"] = TypedFact.SourceIp, ["SourceIpV4"] = TypedFact.SourceIp, ["clientIp"] = TypedFact.SourceIp,
        ["client_ip"] = TypedFact.SourceIp, ["CIp"] = TypedFact.SourceIp, ["UserAddress"] = TypedFact.SourceIp,
        ["errorCode"] = TypedFact.Outcome, ["resultType"] = TypedFact.Outcome, ["resultSignature"] = TypedFact.Outcome,
        ["httpStatusCode"] = TypedFact.Outcome, ["responseStatusCode"] = TypedFact.Outcome, ["result"] = TypedFact.Outcome,
        ["ConsoleLogin"] = TypedFact.Outcome, ["complianceType"] = TypedFact.Outcome, ["compliance-status"] = TypedFact.Outcome,
        ["NewStateValue"] = TypedFact.Outcome, ["eventVersion"] = TypedFact.Outcome,
        ["resources"] = TypedFact.TargetResource, ["resourceId"] = TypedFact.TargetResource, ["targetResources"] = TypedFact.TargetResource,
        ["requestParameters"] = TypedFact.TargetResource, ["subject"] = TypedFact.TargetResource, ["resource"] = TypedFact.TargetResource,
        ["configurationItem"] = TypedFact.TargetResource, ["resourcesAffected"] = TypedFact.TargetResource, ["resourceDisplayName"] = TypedFact.TargetResource,
        ["requestUri"] = TypedFact.TargetResource, ["AlarmArn"] = TypedFact.TargetResource, ["repository-name"] = TypedFact.TargetResource,
        ["mfaAuthenticated"] = TypedFact.Mfa, ["MFAUsed"] = TypedFact.Mfa, ["authenticationRequirement"] = TypedFact.Mfa,
        ["amr"] = TypedFact.Mfa, ["http://schemas.microsoft.com/claims/authnmethodsreferences"] = TypedFact.Mfa, ["mfaDetail"] = TypedFact.Mfa,
        ["userAgent"] = TypedFact.UserAgent, ["userAgentHeader"] = TypedFact.UserAgent, ["clientInfo"] = TypedFact.UserAgent,
        ["city"] = TypedFact.Location, ["countryOrRegion"] = TypedFact.Location, ["countryCode"] = TypedFact.Location, ["cityName"] = TypedFact.Location,
    };

    /// <summary>The facts <paramref name="record"/> holds. Every record states what happened, so Operation is always held.</summary>
    public static HashSet<TypedFact> Held(JsonElement record)
    {
        var held = new HashSet<TypedFact> { TypedFact.Operation };
        Walk(record, held, 0);

        // An S3 event notification reports only operations that succeeded: its outcome is held by what it is.
        if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty("eventSource", out var source) && source.ValueKind == JsonValueKind.String
            && source.GetString() == "aws:s3")
        {
            held.Add(TypedFact.Outcome);
        }

        return held;
    }

    private static void Walk(JsonElement value, HashSet<TypedFact> held, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                Walk(item, held, depth + 1);
            }

            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (Keys.TryGetValue(property.Name, out var fact) && Holds(fact, property.Value))
            {
                held.Add(fact);
            }

            Walk(property.Value, held, depth + 1);
        }
    }

    private static bool Holds(TypedFact fact, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => false,
        JsonValueKind.String when fact == TypedFact.SourceIp => IPAddress.TryParse(value.GetString(), out _) || IPEndPoint.TryParse(value.GetString()!, out _),
        JsonValueKind.String => value.GetString()!.Trim().Length > 0,
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.Object => value.EnumerateObject().Any(),
        _ => fact != TypedFact.SourceIp,
    };
}
