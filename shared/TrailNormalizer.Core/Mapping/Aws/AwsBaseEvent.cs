using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws;

/// <summary>What a Base Event (class 0, activity Other) from an AWS envelope carries besides its raw bytes.</summary>
/// <param name="ActivityName">The custom <c>activity_name</c> (e.g. "SQS Message", the EventBridge detail-type).</param>
/// <param name="Message">The OCSF <c>message</c>: what happened, in one line.</param>
/// <param name="Source">The source object whose unconsumed fields go to <c>unmapped</c>.</param>
/// <param name="Mapped">The fields of <paramref name="Source"/> that the event already holds elsewhere.</param>
internal readonly record struct AwsBaseEventContent(string ActivityName, string Message, JsonElement Source, IReadOnlySet<string> Mapped);

/// <summary>
/// A Base Event with the cloud profile for an AWS record that is evidence of something but has no better OCSF
/// class: an SQS message whose body is not a known record, an EventBridge event of an unmapped detail-type,
/// an S3 notification that points at no log. No actor (Base Event would need the host profile for it).
/// </summary>
internal static class AwsBaseEvent
{
    public static NormalizedEvent Map(
        ReadOnlySpan<byte> raw, in AwsEventMetadata metadata, long timeMs, string? account, string? region, in AwsBaseEventContent content)
    {
        var m = metadata;
        var c = content;
        byte[] rawBytes = raw.ToArray();
        return AwsEventWriter.Write(OcsfClass.BaseEvent.Uid, timeMs, m.Uid, account, region, w =>
        {
            OcsfHeader.Write(w, OcsfClass.BaseEvent, 99, c.ActivityName, timeMs);
            w.WriteString("message", c.Message);
            AwsEventWriter.WriteMetadata(w, m);
            AwsEventWriter.WriteCloud(w, account, region);
            RawData.Write(w, rawBytes);
            AwsEventWriter.WriteUnmapped(w, c.Source, c.Mapped);
        });
    }
}
