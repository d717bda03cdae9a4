using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Microsoft.Storage.*: the data-plane call behind a blob or directory event as API Activity — <c>data.api</c> as
/// the operation, <c>requestId</c> as the request, <c>clientRequestId</c> on the HTTP request, the blob (by URL)
/// and the storage account as resources. The events name no caller.
/// </summary>
internal sealed class StorageEventWriter : EventGridFamilyWriter
{
    public static readonly StorageEventWriter Instance = new();

    private static readonly HashSet<string> Consumed = Fields("api", "requestId", "clientRequestId", "url", "blobType", "contentType", "contentLength", "eTag");

    private StorageEventWriter()
    {
    }

    public override IReadOnlySet<string> ConsumedData => Consumed;

    public override (int? Id, string? Code, string? Detail) Status(EventGridFacts facts) => (OcsfEnums.StatusSuccess, null, null);

    public override IReadOnlyList<string> Labels(EventGridFacts facts) => [EventGridWriter.UnknownActorLabel];

    public override void WriteBody(Utf8JsonWriter w, EventGridFacts facts)
    {
        var data = facts.Envelope.Data;
        EventGridWriter.WriteUnknownActor(w);

        w.WriteStartObject("api");
        w.WriteString("operation", SourceJson.TextTrimmedKey(data, "api") ?? facts.ShortType);
        w.WriteStartObject("service");
        w.WriteString("name", "Microsoft.Storage");
        w.WriteEndObject();
        if (SourceJson.TextTrimmedKey(data, "requestId") is { } requestId)
        {
            w.WriteStartObject("request");
            w.WriteString("uid", requestId);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        EventGridWriter.WriteSourceEndpoint(w, null, "Microsoft.Storage");

        string? url = SourceJson.TextTrimmedKey(data, "url");
        string? clientRequestId = SourceJson.TextTrimmedKey(data, "clientRequestId");
        if (clientRequestId is not null || EventGridWriter.Url(url) is not null)
        {
            w.WriteStartObject("http_request");
            w.WriteIfPresent("uid", clientRequestId);
            if (EventGridWriter.Url(url) is { } absolute)
            {
                w.WriteStartObject("url");
                w.WriteString("url_string", absolute);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteStartArray("resources");
        string? objectName = ObjectName(facts.Envelope.Subject);
        if (url is not null || facts.Envelope.Subject is not null)
        {
            w.WriteStartObject();
            w.WriteString("uid", url ?? facts.Envelope.Subject!);
            w.WriteIfPresent("name", objectName);
            w.WriteIfPresent("type", SourceJson.TextTrimmedKey(data, "blobType") ?? (facts.ShortType.StartsWith("Directory", StringComparison.Ordinal) ? "Directory" : "Blob"));
            WriteBlobData(w, data);
            w.WriteEndObject();
        }

        if (facts.Source is { } account)
        {
            EventGridWriter.WriteArmResource(w, account);
        }

        w.WriteEndArray();
    }

    /// <summary>"file1.txt" from "/blobServices/default/containers/c/blobs/file1.txt" (the path after /blobs/).</summary>
    private static string? ObjectName(string? subject)
    {
        const string Marker = "/blobs/";
        int at = subject?.IndexOf(Marker, StringComparison.Ordinal) ?? -1;
        return at >= 0 && at + Marker.Length < subject!.Length ? subject[(at + Marker.Length)..] : null;
    }

    /// <summary>The blob's content facts as resource data: content type and length, ETag.</summary>
    private static void WriteBlobData(Utf8JsonWriter w, JsonElement? data)
    {
        var contentType = SourceJson.GetTrimmedKey(data, "contentType");
        var contentLength = SourceJson.GetTrimmedKey(data, "contentLength");
        var eTag = SourceJson.GetTrimmedKey(data, "eTag");
        if (contentType is null && contentLength is null && eTag is null)
        {
            return;
        }

        w.WriteStartObject("data");
        foreach (var (name, value) in new[] { ("contentType", contentType), ("contentLength", contentLength), ("eTag", eTag) })
        {
            if (value is { } v)
            {
                w.WritePropertyName(name);
                v.WriteTo(w);
            }
        }

        w.WriteEndObject();
    }
}
