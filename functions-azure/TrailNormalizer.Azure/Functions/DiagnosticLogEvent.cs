using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.EventGrid;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// Recognizes a Microsoft.Storage.BlobCreated event (EventGridEvent or CloudEvents) for a blob in a diagnostic-log
/// container: <c>insights-activity-logs</c> or <c>insights-logs-&lt;category&gt;</c>. Those blobs hold the records;
/// the event itself is only the pointer.
/// </summary>
public static class DiagnosticLogEvent
{
    private const string BlobCreated = "Microsoft.Storage.BlobCreated";
    private const string ContainersMarker = "/blobServices/default/containers/";

    /// <summary>True when <paramref name="value"/> is such an event; <paramref name="blobUrl"/> is its <c>data.url</c> (null when missing or not a URL).</summary>
    public static bool IsDiagnosticLogBlob(JsonElement value, out Uri? blobUrl)
    {
        blobUrl = null;
        using var envelope = EventGridEnvelope.TryRead(value);
        if (envelope is null || !envelope.Type.Equals(BlobCreated, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (envelope.Data is { } data && data.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String
            && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var parsed))
        {
            blobUrl = parsed;
        }

        string? container = ContainerFromSubject(envelope.Subject);
        return container is not null ? IsDiagnosticContainer(container) : blobUrl is not null && UrlPathHasDiagnosticContainer(blobUrl);
    }

    public static bool IsDiagnosticContainer(string container) =>
        container == "insights-activity-logs" || (container.StartsWith("insights-logs-", StringComparison.Ordinal) && container.Length > "insights-logs-".Length);

    /// <summary>The container in a subject like <c>/blobServices/default/containers/NAME/blobs/PATH</c>.</summary>
    private static string? ContainerFromSubject(string? subject)
    {
        if (subject is null || !subject.StartsWith(ContainersMarker, StringComparison.Ordinal))
        {
            return null;
        }

        string rest = subject[ContainersMarker.Length..];
        int slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? rest[..slash] : null;
    }

    // Without a subject: the container is the first path segment (account host) or the second (path-style, e.g. Azurite).
    private static bool UrlPathHasDiagnosticContainer(Uri url)
    {
        string[] segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Take(2).Any(IsDiagnosticContainer);
    }
}
