using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws.S3;

/// <summary>
/// CloudTrail's "log file delivered" notice (<c>{"s3Bucket":"...","s3ObjectKey":["..."]}</c>, sent through SNS):
/// a pointer to one or more log files, each resolved by <see cref="ObjectPointerResolver"/>. A notice naming more
/// than <see cref="RecordHandlerOptions.MaxObjectsPerPointer"/> objects is quarantined as a whole.
/// </summary>
public sealed class CloudTrailFileNotice(RecordHandlerOptions options) : IRecordHandler
{
    /// <summary>Envelopes and notices: what they carry is routed to the handler of its own kind.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [];

    public static bool IsNotice(JsonElement value) =>
        value.Str("s3Bucket") is not null && value.TryGetProperty("s3ObjectKey", out var keys) && keys.ValueKind == JsonValueKind.Array;

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (!IsNotice(value))
        {
            return false;
        }

        string bucket = value.Str("s3Bucket")!;
        var keys = value.GetProperty("s3ObjectKey");
        int count = keys.GetArrayLength();
        if (count > options.MaxObjectsPerPointer)
        {
            throw new MappingException($"CloudTrail file notice names {count} objects, more than the limit of {options.MaxObjectsPerPointer}");
        }

        if (count == 0 || keys.EnumerateArray().Any(k => k.ValueKind != JsonValueKind.String || k.GetString()!.Length == 0))
        {
            throw new MappingException("CloudTrail file notice without usable s3ObjectKey values");
        }

        foreach (var key in keys.EnumerateArray())
        {
            ObjectPointerResolver.Resolve(bucket, key.GetString()!, raw, context, options);
        }

        return true;
    }
}
