using System.Text.Json;
using System.Text.RegularExpressions;
using TrailNormalizer.Core.Mapping.Aws.EventBridge;
using TrailNormalizer.Core.Mapping.Aws.S3;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>An EventBridge service event that reports an action on a resource, and the API activity it is (99: named by the detail-type).</summary>
public sealed record AwsServiceEvent(string DetailType, string Source, string Service, int ActivityId, string? ResourceType = null);

/// <summary>
/// EventBridge events in which an AWS service reports what it did to a resource — KMS deleting a key at the end of its
/// waiting period, rotating it, expiring imported key material — as API Activity (6003) done by that service, and S3's
/// EventBridge object events ("Object Created", "Object Deleted", …) as the S3 object events they are. Any other event an
/// AWS service publishes (<c>aws.&lt;service&gt;</c>: EC2 state changes, Glue job runs, SSM maintenance windows, …) is API
/// Activity "Other" named by its detail-type, done by that service to the resources the envelope lists, with the outcome
/// its <c>detail</c> states when it states one.
/// </summary>
internal static class AwsServiceEvents
{
    private static readonly AwsServiceEvent[] Table =
    [
        new("KMS CMK Deletion", "aws.kms", "kms.amazonaws.com", CloudTrail.ApiVerbs.Delete, "AWS::KMS::Key"),
        new("KMS CMK Rotation", "aws.kms", "kms.amazonaws.com", CloudTrail.ApiVerbs.Update, "AWS::KMS::Key"),
        new("KMS Imported Key Material Expiration", "aws.kms", "kms.amazonaws.com", CloudTrail.ApiVerbs.Delete, "AWS::KMS::Key"),
    ];

    private static readonly HashSet<string> S3Objects = new(StringComparer.Ordinal)
    {
        "Object Created", "Object Deleted", "Object Restore Initiated", "Object Restore Completed", "Object Restore Expired",
        "Object Tags Added", "Object Tags Deleted", "Object ACL Updated", "Object Storage Class Changed", "Object Access Tier Changed",
    };

    private static readonly HashSet<string> Mapped = new(StringComparer.Ordinal) { "id", "time", "account", "region", "detail-type", "source" };

    /// <summary>An AWS service's own event source: <c>aws.</c> and a service name (not a partner source, not an account id).</summary>
    private static readonly Regex ServiceSource = new("^aws\\.([a-z][a-z0-9-]*)$", RegexOptions.CultureInvariant);

    public static AwsServiceEvent? Find(string detailType, string source)
    {
        if (source == "aws.s3" && S3Objects.Contains(detailType))
        {
            return new AwsServiceEvent(detailType, source, "s3.amazonaws.com", 0);
        }

        return Array.Find(Table, t => t.DetailType == detailType && t.Source == source)
            ?? (ServiceSource.Match(source) is { Success: true } m ? new AwsServiceEvent(detailType, source, $"{m.Groups[1].Value}.amazonaws.com", 99) : null);
    }

    public static NormalizedEvent Map(AwsServiceEvent kind, EventBridgeEnvelope e, ReadOnlySpan<byte> raw)
    {
        var detail = e.Value.Obj("detail") ?? default;
        if (kind.Source == "aws.s3")
        {
            var obj = detail.Obj("object");
            long? size = obj?.TryGetProperty("size", out var sz) == true && sz.ValueKind == JsonValueKind.Number && sz.TryGetInt64(out long n) ? n : null;
            var facts = new S3ObjectFacts(kind.DetailType, detail.Obj("bucket")?.NonEmpty("name") ?? "unknown", obj?.NonEmpty("key") ?? "",
                null, detail.NonEmpty("requester"), detail.NonEmpty("source-ip-address"), detail.NonEmpty("request-id"), size,
                obj?.NonEmpty("version-id"), obj?.NonEmpty("etag"), e.Region, e.Account);
            return S3ObjectEvent.Map(facts, e.Metadata("S3"), e.TimeMs, raw, e.Value, Mapped);
        }

        var resources = e.Value.TryGetProperty("resources", out var arns) && arns.ValueKind == JsonValueKind.Array
            ? arns.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList()
            : [];
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.ApiActivity.Uid, e.TimeMs, e.Uid, e.Account, e.Region, w =>
        {
            var (statusId, statusDetail) = kind.ActivityId == 99 ? AwsServiceOutcome.Of(detail) : (OcsfEnums.StatusSuccess, null);
            OcsfHeader.Write(w, OcsfClass.ApiActivity, kind.ActivityId, kind.DetailType, e.TimeMs, statusId, statusDetail: statusDetail);
            w.WriteString("message", $"{kind.DetailType}{(resources.Count > 0 ? $" of {string.Join(", ", resources)}" : "")}");
            AwsEventWriter.WriteMetadata(w, e.Metadata(AwsProductNames.Of(kind.Service)));
            AwsEventWriter.WriteCloud(w, e.Account, e.Region);
            w.WriteStartObject("actor");
            w.WriteString("invoked_by", kind.Service);
            w.WriteEndObject();
            w.WriteStartObject("api");
            w.WriteString("operation", kind.DetailType);
            w.WriteStartObject("service");
            w.WriteString("name", kind.Service);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("src_endpoint");
            w.WriteString("svc_name", kind.Service);
            w.WriteEndObject();
            if (resources.Count > 0)
            {
                w.WriteStartArray("resources");
                foreach (string arn in resources)
                {
                    w.WriteStartObject();
                    w.WriteString("uid", arn);
                    w.WriteIfPresent("type", kind.ResourceType ?? AwsEventWriter.ArnResourceType(arn));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, detail, new HashSet<string>(StringComparer.Ordinal), e.WriteUnmappedEnvelope);
        });
    }
}
