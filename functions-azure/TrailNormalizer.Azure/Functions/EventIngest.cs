using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// Turns the Event Grid events of one invocation into evidence: diagnostic-log BlobCreated events are replaced
/// by the records of their blob (streamed), every other event goes through the Core router; events are tagged
/// with the rules and written as batches, all flushed before the invocation answers. Anything that cannot be
/// stored throws, so the invocation fails and is delivered again; a bad event is quarantined, not failed.
/// </summary>
public sealed class EventIngest(HandlerServices services)
{
    public const string Producer = "trailnorm-azure";

    /// <summary>Stores every event in <paramref name="events"/> (one event, an array of them, or anything else, which is quarantined).</summary>
    public IngestSummary Process(JsonElement events, string source)
    {
        var router = new RecordRouter(services.Limits, services.Time, services.Handlers);
        using var writer = new EvidenceWriter(services.Store, services.Time, new EvidenceWriterOptions
        {
            Producer = Producer,
            Retention = services.Retention,
            MaxUncompressedBytesPerBatch = services.MaxBatchBytes,
        });
        IRecordSink sink = services.Tagger is { } tagger ? new TaggingSink(tagger, writer) : writer;
        int blobs = 0;
        if (events.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in events.EnumerateArray())
            {
                blobs += ProcessEvent(item, $"{source}[{i++}]", router, sink);
            }
        }
        else
        {
            blobs += ProcessEvent(events, source, router, sink);
        }

        writer.Flush();
        return new IngestSummary(writer.NormalizedCount, writer.QuarantinedCount, writer.ControlCount, writer.BatchesWritten, blobs);
    }

    private int ProcessEvent(JsonElement value, string location, RecordRouter router, IRecordSink sink)
    {
        byte[] raw = Encoding.UTF8.GetBytes(value.GetRawText());
        if (!DiagnosticLogEvent.IsDiagnosticLogBlob(value, out var blobUrl))
        {
            router.Route(InputUnit.Value(raw, location), sink);
            return 0;
        }

        string? reason = "the event names no blob url";
        using var stream = blobUrl is null ? null : services.LogBlobs?.Open(blobUrl, out reason);
        if (stream is null)
        {
            reason = services.LogBlobs is null ? "no log blob source is configured" : reason;
            sink.Quarantined(new QuarantineItem($"diagnostic-log blob not read: {reason}", location, raw));
            return 0;
        }

        string blobSource = blobUrl!.GetLeftPart(UriPartial.Path);
        NormalizationPipeline.ProcessStream(stream, blobSource, lineMode: false, router, sink, services.Limits);
        return 1;
    }
}
