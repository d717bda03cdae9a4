using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Azure.EventGrid;

/// <summary>
/// Maps one Event Grid event (EventGridEvent, CloudEvents 1.0 or legacy CloudEvents 0.1 envelope) onto an OCSF
/// 1.8.0 event with the cloud profile: the class from <see cref="EventGridEventCatalog"/>, the class attributes
/// from the family's <see cref="EventGridFamilyWriter"/>. <c>metadata.uid</c> is always the event's own id.
/// </summary>
internal static class EventGridEventMapper
{
    /// <summary>Maps <paramref name="e"/>, received as <paramref name="raw"/>; <paramref name="receivedMs"/> stands in for an unusable event time.</summary>
    public static NormalizedEvent Map(EventGridEnvelope e, ReadOnlySpan<byte> raw, long receivedMs)
    {
        var cls = EventGridEventCatalog.Find(e.Type);
        string uid = e.Id ?? Convert.ToHexStringLower(SHA256.HashData(raw));
        var source = ArmScope.Parse(e.Source);
        var subject = ArmScope.Parse(e.Subject);
        if (cls.Family == EventGridFamily.Generic && (source ?? subject) is not null && e.Type.StartsWith("Microsoft.", StringComparison.OrdinalIgnoreCase))
        {
            // An Azure event type not in the catalog, about an ARM resource: keep operation, subject and resource typed.
            cls = new EventGridEventClass(EventGridFamily.Publisher, OcsfClass.ApiActivity, 99, e.Type);
        }

        var writer = EventGridFamilyWriter.For(cls.Family);
        string? subscription = source?.SubscriptionId ?? subject?.SubscriptionId
            ?? ArmScope.SubscriptionGuid(SourceJson.TextTrimmedKey(e.Data, "subscriptionId"));
        var facts = new EventGridFacts(e, cls, uid, source, subject, subscription);

        long? sourceTime = OcsfTime.ParseIso(e.Time);
        var (time, substituted) = EventTime.OrReceived(sourceTime, receivedMs);
        string? region = Region(e.Data);
        var (statusId, statusCode, statusDetail) = writer.Status(facts);

        using var ev = new OcsfEventBuffer();
        var w = ev.Writer;
        w.WriteStartObject();
        OcsfHeader.Write(w, cls.Class, cls.ActivityId, writer.OtherName(facts), time, statusId, statusCode, statusDetail);
        EventGridWriter.WriteMetadata(w, e, uid, substituted, writer.CorrelationUid(facts), writer.Labels(facts));
        EventGridWriter.WriteCloud(w, subscription, writer.TenantId(facts), region);
        writer.WriteBody(w, facts);
        RawData.Write(w, raw);
        WriteUnmapped(w, e, writer.ConsumedData);
        w.WriteEndObject();

        var partition = new EvidencePartition("azure", subscription ?? "unknown", region ?? "unknown");
        return ev.Finish(cls.Class.Uid, time, partition, uid, SourceKind.EventGrid);
    }

    /// <summary>The Azure region the data names (<c>location</c> / <c>region</c>), lower-cased; Event Grid envelopes carry none.</summary>
    private static string? Region(JsonElement? data)
    {
        string? location = SourceJson.TextTrimmedKey(data, "location") ?? SourceJson.TextTrimmedKey(data, "region");
        return location is null || location.Equals("global", StringComparison.OrdinalIgnoreCase) ? null : location.ToLowerInvariant();
    }

    /// <summary>Envelope attributes the mapping does not consume (extensions, datacontenttype, …) and the unconsumed part of data.</summary>
    private static void WriteUnmapped(Utf8JsonWriter w, EventGridEnvelope e, IReadOnlySet<string> consumed)
    {
        w.WriteStartObject("unmapped");
        foreach (var property in e.Value.EnumerateObject())
        {
            bool keepBase64 = property.Name == "data_base64" && e.DataEncoding != "base64-json";
            if (!e.IsEnvelopeField(property.Name) || keepBase64)
            {
                property.WriteTo(w);
            }
        }

        if (e.Data is { } data)
        {
            bool started = false;
            foreach (var property in data.EnumerateObject())
            {
                if (SourceJson.TrimmedKeyIsOneOf(property.Name, consumed))
                {
                    continue;
                }

                if (!started)
                {
                    w.WriteStartObject("data");
                    started = true;
                }

                property.WriteTo(w);
            }

            if (started)
            {
                w.WriteEndObject();
            }
        }
        else if (e.OpaqueData is { } opaque)
        {
            w.WritePropertyName("data");
            opaque.WriteTo(w);
        }

        w.WriteEndObject();
    }
}
