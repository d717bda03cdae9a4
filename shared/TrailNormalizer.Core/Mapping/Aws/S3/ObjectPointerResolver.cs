using TrailNormalizer.Core.Input;

namespace TrailNormalizer.Core.Mapping.Aws.S3;

/// <summary>
/// Reads the object a pointer names through <see cref="RecordHandlerOptions.ObjectSource"/> as a stream
/// (gzip detected, the same <see cref="JsonUnitReader"/> as files) and routes its records. A resolved object
/// is counted as the control message <see cref="ResolvedKind"/>; an unresolvable one quarantines the pointer
/// with the reason "unresolved pointer s3://bucket/key: ...".
/// </summary>
public static class ObjectPointerResolver
{
    public const string ResolvedKind = "pointer:s3-object-resolved";

    public static void Resolve(string bucket, string key, ReadOnlySpan<byte> raw, RoutingContext context, RecordHandlerOptions options)
    {
        string url = $"s3://{bucket}/{key}";
        if (options.ObjectSource is not { } source)
        {
            context.Quarantine($"unresolved pointer {url}: no object source configured (CLI: --s3-mirror DIR)", raw);
            return;
        }

        Stream? stream;
        string? missing;
        try
        {
            stream = source.Open(bucket, key, out missing);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new Pipeline.EnvironmentFaultException(ex); // the store's failure, not the pointer's: retried, not quarantined
        }

        if (stream is null)
        {
            context.Quarantine($"unresolved pointer {url}: {missing ?? "object not found"}", raw);
            return;
        }

        using var content = InputFiles.MaybeDecompress(stream);
        // Each unit is routed (RouteBytes copies it) before the next is read, so it may borrow the reader's window.
        foreach (var unit in JsonUnitReader.ReadTransient(content, url, options.ObjectLimits, InputFiles.IsLineDelimited(key)))
        {
            if (unit.IsFailure)
            {
                context.Sink.Quarantined(QuarantineItem.FromUnit(unit) with { Source = $"{context.Location} -> {unit.Location}" });
            }
            else
            {
                context.RouteBytes(unit.Json.Span, $" -> {unit.Location}");
            }
        }

        context.Control(ResolvedKind);
    }
}
