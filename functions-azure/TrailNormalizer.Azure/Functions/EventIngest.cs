using System.Runtime.InteropServices;
using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// Turns the Event Grid events of one invocation into evidence: a diagnostic-log BlobCreated event makes the
/// <see cref="LogBlobFollower"/> read its blob from the blob's cursor on (what exists now; the Follow timer reads
/// what is appended later), every other event goes through the Core router; events are tagged with the rules and
/// written as batches, all flushed before the invocation answers. Anything that cannot be stored throws, so the
/// invocation fails and is delivered again; a bad event is quarantined, not failed.
/// </summary>
public sealed class EventIngest(HandlerServices services)
{
    private readonly LogBlobFollower _follower = new(services);

    /// <summary>Stores every event in <paramref name="events"/> (one event, an array of them, or anything else, which is quarantined).</summary>
    public EventIngestSummary Process(JsonElement events, string source)
    {
        using var session = new IngestSession(services.Ingest, source);
        int blobs = 0;
        if (events.ValueKind == JsonValueKind.Array)
        {
            int i = 0;
            foreach (var item in events.EnumerateArray())
            {
                blobs += ProcessEvent(item, $"{source}[{i++}]", session);
            }
        }
        else
        {
            blobs += ProcessEvent(events, source, session);
        }

        session.Flush();
        return new EventIngestSummary(session.Summary(), blobs);
    }

    private int ProcessEvent(JsonElement value, string location, IngestSession session)
    {
        byte[] raw = JsonMarshal.GetRawUtf8Value(value).ToArray();
        if (!IsDiagnosticLogBlob(value, out var blobUrl))
        {
            Deliver(value, InputUnit.Value(raw, location), session);
            return 0;
        }

        session.CountInput();

        var step = blobUrl is null
            ? FollowStep.Refused("the event names no blob url")
            : _follower.Follow(blobUrl, session, services.Settings.FollowMaxBytes);
        if (step.Refusal is { } reason)
        {
            session.Quarantine(new QuarantineItem($"diagnostic-log blob not read: {reason}", location, raw));
            return 0;
        }

        return 1;
    }

    /// <summary>
    /// One event as a delivery of its own: a retry of the delivery meets the batches stored the first time. A batch that cannot
    /// be stored throws, so the invocation fails and Event Grid delivers again.
    /// </summary>
    private void Deliver(JsonElement value, InputUnit unit, IngestSession session)
    {
        if (EventGridDelivery.Of(value, services.Time) is not { } delivery)
        {
            session.CountInput();
            session.Route(unit);
            return;
        }

        session.BeginDelivery(delivery);
        try
        {
            session.Route(unit);
        }
        catch
        {
            session.AbandonDelivery();
            throw;
        }

        session.EndDelivery();
    }

    /// <summary>An event that cannot even be read far enough to tell is no log blob: the router quarantines it with the reason.</summary>
    private static bool IsDiagnosticLogBlob(JsonElement value, out Uri? blobUrl)
    {
        try
        {
            return DiagnosticLogEvent.IsDiagnosticLogBlob(value, out blobUrl);
        }
        catch (Exception ex) when (RecordFaults.IsRecordFault(ex))
        {
            blobUrl = null;
            return false;
        }
    }
}

/// <summary>What one Event Grid delivery stored, and how many diagnostic-log blobs its events pointed to.</summary>
public sealed record EventIngestSummary(IngestSummary Stored, int LogBlobs)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Stored}, {LogBlobs} log blobs read");
}
