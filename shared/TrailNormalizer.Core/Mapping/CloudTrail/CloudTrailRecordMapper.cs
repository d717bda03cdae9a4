using System.Net;
using System.Text.Json;
using TrailNormalizer.Core.Mapping.Aws;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.CloudTrail;

/// <summary>
/// Maps one CloudTrail record onto an OCSF 1.8.0 event: Authentication, Account Change, Event Log
/// Activity or API Activity (see <see cref="CloudTrailEventCatalog"/>), with the cloud profile.
/// The received bytes are kept verbatim in <c>raw_data</c>; source fields with no OCSF home go to <c>unmapped</c>.
/// </summary>
internal static class CloudTrailRecordMapper
{
    /// <summary>Top-level record fields that the mapping consumes; every other one is copied to <c>unmapped</c>.</summary>
    private static readonly Utf8NameSet MappedFields = new(
        "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress",
        "userAgent", "requestParameters", "responseElements", "requestID", "eventID", "recipientAccountId",
        "errorCode", "errorMessage", "apiVersion", "sharedEventID", ShipperTimestamp);

    /// <summary>Where log shippers (Logstash, Elastic Agent) put the event time when they drop <c>eventTime</c>.</summary>
    public const string ShipperTimestamp = "@timestamp";

    /// <summary>The eventType of CloudTrail Insights records (unusual API call or error rates).</summary>
    public const string InsightEventType = "AwsCloudTrailInsight";

    /// <summary>An Insights record reports on API activity rather than being a call: API Activity, Other.</summary>
    private static readonly CloudTrailEventClass InsightClass = new(OcsfClass.ApiActivity, 99, "CloudTrail Insight");

    /// <summary>Maps <paramref name="record"/>; <paramref name="raw"/> is the unit as received (the record, or its EventBridge envelope).</summary>
    /// <param name="record">The CloudTrail record.</param>
    /// <param name="raw">The verbatim bytes that arrived, kept in <c>raw_data</c>.</param>
    /// <param name="eventBridge">The EventBridge envelope the record came in, if any.</param>
    /// <param name="receivedMs">When the record was received (epoch ms); stands in for an unusable eventTime.</param>
    public static NormalizedEvent Map(JsonElement record, ReadOnlySpan<byte> raw, JsonElement? eventBridge, long receivedMs)
    {
        // Insights records name the API they watched inside insightDetails, not at the top level.
        var insight = record.Str("eventType"u8) == InsightEventType ? record.Obj("insightDetails"u8) : null;
        string eventSource = record.NonEmpty("eventSource"u8) ?? insight?.NonEmpty("eventSource"u8) ?? "unknown";
        string eventName = record.Str("eventName"u8) ?? insight?.Str("eventName"u8) ?? "";
        string? eventTime = record.Str("eventTime"u8);
        long? sourceTime = OcsfTime.ParseIso(eventTime) ?? OcsfTime.ParseIso(eventBridge?.Str("time"u8));
        string? timeLabel = null;
        if (sourceTime is null && eventTime is null && record.Present(ShipperTimestamp) is { } shipped && OcsfTime.ParseAny(shipped) is { } shippedMs)
        {
            // Logstash / Elastic pipelines move eventTime into @timestamp: the event's own time, said to come from there.
            sourceTime = shippedMs;
            eventTime = shipped.ValueKind == JsonValueKind.String ? shipped.GetString() : shipped.GetRawText();
            timeLabel = OcsfLabels.ShipperTime;
        }

        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);

        var identity = record.Obj("userIdentity"u8);
        string? account = record.NonEmpty("recipientAccountId"u8) ?? identity?.NonEmpty("accountId"u8) ?? eventBridge?.NonEmpty("account"u8);
        string? region = record.NonEmpty("awsRegion"u8) ?? eventBridge?.NonEmpty("region"u8);
        string uid = RawData.Uid(record.NonEmpty("eventID"u8), raw);

        var target = insight is not null ? InsightClass : CloudTrailEventCatalog.Find(eventSource, eventName);
        var ocsfClass = target?.Class ?? OcsfClass.ApiActivity;
        int activityId = target?.ActivityId ?? ApiVerbs.ActivityOf(eventName, record.Bool("readOnly"u8));
        var (statusId, statusCode, statusDetail) = Status(record, eventSource, eventName);

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, ocsfClass, activityId, target?.OtherName, time, statusId, statusCode, statusDetail);

        WriteMetadata(w, record, uid, eventName, eventTime, eventBridge is not null, substituted, timeLabel);
        AwsEventWriter.WriteCloud(w, account, region);
        CloudTrailIdentity.WriteActor(w, record, identity, account);
        WriteApi(w, record, eventSource, eventName);
        WriteSourceEndpoint(w, record, eventSource);

        string? userAgent = record.NonEmpty("userAgent"u8);
        if (userAgent is not null && ocsfClass != OcsfClass.EventLogActivity)
        {
            w.WriteStartObject("http_request"u8);
            w.WriteString("user_agent"u8, userAgent);
            w.WriteEndObject();
        }

        if (ocsfClass == OcsfClass.ApiActivity)
        {
            CloudTrailResources.Write(w, record, eventSource, eventName);
        }
        else if (ocsfClass == OcsfClass.Authentication)
        {
            CloudTrailClassFields.WriteAuthentication(w, record, identity, eventSource, eventName);
        }
        else if (ocsfClass == OcsfClass.AccountChange)
        {
            CloudTrailClassFields.WriteAccountChange(w, record, identity, account);
        }
        else if (ocsfClass == OcsfClass.EventLogActivity)
        {
            CloudTrailClassFields.WriteEventLog(w, record, eventSource);
        }

        RawData.Write(w, raw);
        WriteUnmapped(w, record, identity, ocsfClass, userAgent, eventBridge);
        w.WriteEndObject();

        return ev.Finish(ocsfClass.Uid, time, AwsEventWriter.Partition(account, region), uid, SourceKind.CloudTrail);
    }

    private static (int Id, string? Code, string? Detail) Status(JsonElement record, string eventSource, string eventName)
    {
        string? errorCode = record.NonEmpty("errorCode"u8);
        string? errorMessage = record.NonEmpty("errorMessage"u8);
        if (eventSource == "signin.amazonaws.com" && record.Obj("responseElements"u8) is { } response)
        {
            // Sign-in events report their outcome in responseElements, e.g. {"ConsoleLogin":"Failure"}.
            string? outcome = response.Str(eventName) ?? response.Str("ConsoleLogin"u8);
            if (outcome is "Failure")
            {
                return (OcsfEnums.StatusFailure, errorCode ?? outcome, errorMessage);
            }

            if (outcome is "Success" && errorCode is null)
            {
                return (OcsfEnums.StatusSuccess, null, null);
            }
        }

        return errorCode is null && errorMessage is null
            ? (OcsfEnums.StatusSuccess, null, null)
            : (OcsfEnums.StatusFailure, errorCode, errorMessage);
    }

    private static void WriteMetadata(Utf8JsonWriter w, JsonElement record, string uid, string eventName, string? eventTime, bool viaEventBridge, long? substitutedTime, string? timeLabel)
    {
        OcsfMetadata.WriteStart(w, uid, "CloudTrail", "AWS");
        OcsfLabels.WriteTimeAndLabels(w, eventTime, substitutedTime, timeLabel is null ? null : [timeLabel]);

        if (eventName.Length > 0)
        {
            w.WriteString("event_code"u8, eventName);
        }

        w.WriteIfPresent("log_version"u8, record.NonEmpty("eventVersion"u8));
        w.WriteIfPresent("correlation_uid"u8, record.NonEmpty("sharedEventID"u8));
        w.WriteString("log_provider"u8, viaEventBridge ? "Amazon EventBridge" : "AWS CloudTrail");
        w.WriteEndObject();
    }

    private static void WriteApi(Utf8JsonWriter w, JsonElement record, string eventSource, string eventName)
    {
        w.WriteStartObject("api"u8);
        w.WriteString("operation"u8, eventName);
        w.WriteStartObject("service"u8);
        w.WriteString("name"u8, eventSource);
        w.WriteEndObject();
        w.WriteIfPresent("version"u8, record.NonEmpty("apiVersion"u8));

        var parameters = record.Present("requestParameters"u8);
        if (record.TextElement("requestID"u8) is { } requestId)
        {
            w.WriteStartObject("request"u8);
            w.WritePropertyName("uid"u8);
            requestId.WriteTo(w); // the same text as its string, without making one (request ids never repeat)
            if (parameters is { } p)
            {
                w.WritePropertyName("data"u8);
                p.WriteTo(w);
            }

            w.WriteEndObject();
        }

        var responseElements = record.Present("responseElements"u8);
        string? errorCode = record.NonEmpty("errorCode"u8);
        string? errorMessage = record.NonEmpty("errorMessage"u8);
        if (responseElements is not null || errorCode is not null || errorMessage is not null)
        {
            w.WriteStartObject("response"u8);
            if (responseElements is { } r)
            {
                w.WritePropertyName("data"u8);
                r.WriteTo(w);
            }

            w.WriteIfPresent("error"u8, errorCode);
            w.WriteIfPresent("error_message"u8, errorMessage);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteSourceEndpoint(Utf8JsonWriter w, JsonElement record, string eventSource)
    {
        string? source = record.NonEmpty("sourceIPAddress"u8);
        w.WriteStartObject("src_endpoint"u8);
        if (source is not null && IPAddress.TryParse(source, out var ip))
        {
            WriteIp(w, source, ip);
        }
        else if (source is not null && source.Contains('.', StringComparison.Ordinal) && !source.Contains(' ', StringComparison.Ordinal))
        {
            w.WriteString("domain"u8, source); // a service principal such as ec2.amazonaws.com
        }
        else if (source is not null)
        {
            w.WriteString("name"u8, source); // e.g. "AWS Internal"
        }
        else
        {
            // No caller address recorded (e.g. Insights events): the endpoint is the emitting service.
            w.WriteString("svc_name"u8, eventSource.Length > 0 ? eventSource : "unknown");
        }

        if (record.NonEmpty("vpcEndpointId"u8) is { } vpce)
        {
            w.WriteString("uid"u8, vpce);
        }

        w.WriteEndObject();
    }

    /// <summary>Writes the address in its canonical text (the source's own text when that already is), without a new string.</summary>
    private static void WriteIp(Utf8JsonWriter w, string source, IPAddress ip)
    {
        Span<char> text = stackalloc char[64];
        if (ip.TryFormat(text, out int length))
        {
            w.WriteString("ip"u8, text[..length]);
        }
        else
        {
            w.WriteString("ip"u8, ip.ToString());
        }
    }

    private static void WriteUnmapped(Utf8JsonWriter w, JsonElement record, JsonElement? identity, OcsfClass ocsfClass, string? userAgent, JsonElement? eventBridge)
    {
        w.WriteStartObject("unmapped"u8);
        foreach (var property in record.EnumerateObject())
        {
            bool mapped = MappedFields.Contains(property)
                || (ocsfClass == OcsfClass.ApiActivity && property.NameEquals("resources"u8))
                || property.NameEquals("vpcEndpointId"u8);
            if (!mapped)
            {
                property.WriteTo(w);
            }
        }

        if (ocsfClass == OcsfClass.EventLogActivity && userAgent is not null)
        {
            w.WriteString("userAgent"u8, userAgent);
        }

        if (identity is { } id)
        {
            CloudTrailIdentity.WriteUnmappedIdentity(w, id);
        }

        if (eventBridge is { } envelope)
        {
            w.WriteStartObject("eventBridge"u8);
            foreach (var property in envelope.EnumerateObject())
            {
                if (!property.NameEquals("detail"u8))
                {
                    property.WriteTo(w);
                }
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    internal static void WriteAwsAccount(Utf8JsonWriter w, string name, string accountId)
    {
        w.WriteStartObject(name);
        w.WriteString("uid"u8, accountId);
        w.WriteNumber("type_id"u8, OcsfEnums.AccountTypeAwsAccount);
        w.WriteString("type"u8, "AWS Account");
        w.WriteEndObject();
    }
}
