using System.Net;
using System.Text.Json;
using TrailNormalizer.Core.Mapping.CloudTrail;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.S3;

/// <summary>What an S3 object event says, whichever way it arrived (S3 event notification or EventBridge "Object …").</summary>
internal sealed record S3ObjectFacts(
    string EventName, string Bucket, string Key, string? BucketArn, string? Principal, string? SourceIp, string? RequestId,
    long? Size, string? VersionId, string? ETag, string? Region, string? Account, string? FailureReason = null);

/// <summary>
/// An S3 object event → API Activity (6003): who (the requester's principal id) did what (created, deleted, restored,
/// tagged, …) to which object (bucket, key, size, version) from where (source IP). S3 reports operations that
/// succeeded (Success), except the events that report a failure or a loss: a failed replication (Failure, with its
/// <c>failureReason</c>), a lost Reduced Redundancy object (Failure), and a replication that missed its time threshold or
/// is not tracked (Other).
/// </summary>
internal static class S3ObjectEvent
{
    private const int StatusOther = 99;

    /// <summary>The API activity of an S3 event name (<c>ObjectCreated:Put</c>, EventBridge <c>Object Deleted</c>, …).</summary>
    public static (int Id, string? Other) ActivityOf(string eventName)
    {
        string name = eventName.Replace(" ", "", StringComparison.Ordinal);
        return name switch
        {
            _ when name.StartsWith("ObjectCreated", StringComparison.Ordinal) => (ApiVerbs.Create, null),
            _ when name.StartsWith("ObjectRemoved", StringComparison.Ordinal) || name.StartsWith("ObjectDeleted", StringComparison.Ordinal)
                || name.StartsWith("LifecycleExpiration", StringComparison.Ordinal) => (ApiVerbs.Delete, null),
            _ when name.StartsWith("ObjectTagging", StringComparison.Ordinal) || name.StartsWith("ObjectTags", StringComparison.Ordinal)
                || name.StartsWith("ObjectAcl", StringComparison.Ordinal) || name.StartsWith("LifecycleTransition", StringComparison.Ordinal)
                || name.StartsWith("IntelligentTiering", StringComparison.Ordinal) || name.StartsWith("ObjectStorageClassChanged", StringComparison.Ordinal)
                => (ApiVerbs.Update, null),
            _ => (ApiVerbs.Other, eventName),
        };
    }

    /// <summary>The outcome an S3 event name reports (<c>Replication:OperationFailedReplication</c> is a failure).</summary>
    public static (int StatusId, string? Detail) OutcomeOf(string eventName, string? failureReason) => eventName switch
    {
        _ when eventName.Contains("OperationFailedReplication", StringComparison.Ordinal) => (OcsfEnums.StatusFailure, failureReason ?? "replication failed"),
        _ when eventName.Contains("ReducedRedundancyLostObject", StringComparison.Ordinal) => (OcsfEnums.StatusFailure, "S3 lost the Reduced Redundancy Storage object"),
        _ when eventName.Contains("OperationMissedThreshold", StringComparison.Ordinal) => (StatusOther, "replication missed its time threshold"),
        _ when eventName.Contains("OperationNotTracked", StringComparison.Ordinal) => (StatusOther, "replication is not tracked by Replication Time Control"),
        _ => (OcsfEnums.StatusSuccess, null),
    };

    /// <summary>Writes the event; <paramref name="metadata"/> says how it arrived, <paramref name="unmappedSource"/> keeps the rest.</summary>
    public static NormalizedEvent Map(
        S3ObjectFacts f, in AwsEventMetadata metadata, long timeMs, ReadOnlySpan<byte> raw, JsonElement unmappedSource, IReadOnlySet<string> mapped,
        Action<Utf8JsonWriter>? extraUnmapped = null)
    {
        var (activityId, other) = ActivityOf(f.EventName);
        var (statusId, statusDetail) = OutcomeOf(f.EventName, f.FailureReason);
        var m = metadata;
        byte[] rawBytes = raw.ToArray();
        bool serviceActor = f.Principal is not null && f.Principal.EndsWith(".amazonaws.com", StringComparison.Ordinal);
        return AwsEventWriter.Write(OcsfClass.ApiActivity.Uid, timeMs, m.Uid, f.Account, f.Region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.ApiActivity, activityId, other, timeMs, statusId, statusDetail: statusDetail);
            w.WriteString("message", $"S3 {f.EventName} on s3://{f.Bucket}/{f.Key}");
            AwsEventWriter.WriteMetadata(w, m);
            AwsEventWriter.WriteCloud(w, f.Account, f.Region);

            w.WriteStartObject("actor");
            w.WriteStartObject("user");
            w.WriteString("name", f.Principal ?? "unknown");
            if (f.Principal is not null && !serviceActor)
            {
                w.WriteString("uid", f.Principal);
            }

            var (type, typeName) = serviceActor ? (OcsfEnums.UserTypeService, null) : PrincipalType(f.Principal);
            w.WriteNumber("type_id", type);
            w.WriteString("type", typeName ?? OcsfEnums.UserTypeCaption(type));
            w.WriteEndObject();
            w.WriteEndObject();

            w.WriteStartObject("api");
            w.WriteString("operation", f.EventName);
            w.WriteStartObject("service");
            w.WriteString("name", "s3.amazonaws.com");
            w.WriteEndObject();
            if (f.RequestId is not null)
            {
                w.WriteStartObject("request");
                w.WriteString("uid", f.RequestId);
                w.WriteEndObject();
            }

            w.WriteEndObject();

            w.WriteStartObject("src_endpoint");
            if (f.SourceIp is not null && IPAddress.TryParse(f.SourceIp, out var ip))
            {
                w.WriteString("ip", ip.ToString());
            }
            else
            {
                w.WriteString("svc_name", "s3.amazonaws.com");
            }

            w.WriteEndObject();

            w.WriteStartArray("resources");
            w.WriteStartObject();
            w.WriteString("uid", f.BucketArn ?? $"arn:aws:s3:::{f.Bucket}");
            w.WriteString("name", f.Bucket);
            w.WriteString("type", "AWS::S3::Bucket");
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("uid", $"arn:aws:s3:::{f.Bucket}/{f.Key}");
            w.WriteString("name", f.Key);
            w.WriteString("type", "AWS::S3::Object");
            w.WriteIfPresent("version", f.VersionId);
            if (f.Size is not null || f.ETag is not null)
            {
                w.WriteStartObject("data");
                if (f.Size is { } size)
                {
                    w.WriteNumber("size", size);
                }

                w.WriteIfPresent("etag", f.ETag);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndArray();

            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, unmappedSource, mapped, extraUnmapped);
        });
    }

    /// <summary>
    /// The kind of requester an S3 principal id names: <c>AWS:AIDA…</c> an IAM user, <c>AWS:AROA…:session</c> a role
    /// session; anything else (a canonical or Amazon customer id) stays Unknown.
    /// </summary>
    private static (int TypeId, string? Name) PrincipalType(string? principal)
    {
        string id = principal is not null && principal.StartsWith("AWS:", StringComparison.Ordinal) ? principal[4..] : principal ?? "";
        return id switch
        {
            _ when id.StartsWith("AIDA", StringComparison.Ordinal) => (OcsfEnums.UserTypeUser, null),
            _ when id.StartsWith("AROA", StringComparison.Ordinal) => (OcsfEnums.UserTypeOther, "AssumedRole"),
            _ => (OcsfEnums.UserTypeUnknown, null),
        };
    }

    /// <summary>The facts of an S3 event notification record (<c>eventSource</c> aws:s3); the key URL-decoded.</summary>
    public static S3ObjectFacts FromNotification(JsonElement record, string bucket, string key)
    {
        var s3 = record.Obj("s3");
        var obj = s3?.Obj("object");
        long? size = obj?.TryGetProperty("size", out var sz) == true && sz.ValueKind == JsonValueKind.Number && sz.TryGetInt64(out long n) ? n : null;
        return new S3ObjectFacts(
            record.NonEmpty("eventName") ?? "S3 Event", bucket, key, s3?.Obj("bucket")?.NonEmpty("arn"),
            record.Obj("userIdentity")?.NonEmpty("principalId"), record.Obj("requestParameters")?.NonEmpty("sourceIPAddress"),
            record.Obj("responseElements")?.NonEmpty("x-amz-request-id"), size, obj?.NonEmpty("versionId"), obj?.NonEmpty("eTag"),
            record.NonEmpty("awsRegion"), null, record.Obj("replicationEventData")?.NonEmpty("failureReason"));
    }
}
