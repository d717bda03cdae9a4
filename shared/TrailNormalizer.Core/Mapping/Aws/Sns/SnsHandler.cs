using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws.Sns;

/// <summary>
/// SNS envelopes (Lambda's SNS records and HTTP subscription bodies). In order: the TopicArn must be allowed
/// (when an allow-list is set); the signature is verified when a certificate source is configured, else the
/// envelope is counted and every event from it labelled <see cref="UnverifiedLabel"/>; subscription and
/// unsubscribe confirmations are control messages; a Notification's Message is routed when it is a known
/// record, otherwise the notification itself becomes an event (<see cref="SnsNotificationMapper"/>).
/// </summary>
internal sealed class SnsHandler(RecordHandlerOptions options) : IRecordHandler
{
    /// <summary>Envelopes and notices: what they carry is routed to the handler of its own kind.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [];

    /// <summary>The label on every event that came from an envelope whose signature was not verified.</summary>
    public const string UnverifiedLabel = "sns:signature-unverified";

    /// <summary>Prefix of the label naming the topic an unwrapped SNS message was published to.</summary>
    public const string TopicLabelPrefix = "sns:topic:";

    private static readonly JsonDocumentOptions MessageOptions = new() { MaxDepth = 128 };

    private readonly SnsSignatureVerifier? _verifier = options.SnsCertificates is { } certificates ? new SnsSignatureVerifier(certificates) : null;

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (!SnsEnvelope.IsSnsShape(value))
        {
            return false;
        }

        var envelope = SnsEnvelope.From(value);
        if (options.SnsAllowedTopics is { } allowed && (envelope.TopicArn is null || !allowed.Contains(envelope.TopicArn)))
        {
            context.Quarantine($"SNS envelope {envelope.MessageId}: topic {envelope.TopicArn ?? "(none)"} is not allowed", raw);
            return true;
        }

        bool verified = false;
        if (_verifier is not null)
        {
            if (_verifier.Verify(envelope) is { } problem)
            {
                context.Quarantine($"SNS envelope {envelope.MessageId}: {problem}", raw);
                return true;
            }

            verified = true;
        }
        else
        {
            options.SnsTally.CountUnverified();
        }

        switch (envelope.Type)
        {
            case SnsEnvelope.SubscriptionConfirmation:
            case SnsEnvelope.UnsubscribeConfirmation:
                context.Control($"sns:{envelope.Type}");
                return true;
            case SnsEnvelope.Notification:
                HandleNotification(envelope, raw, context, verified);
                return true;
            default:
                throw new MappingException($"SNS envelope {envelope.MessageId}: unknown Type '{envelope.Type}'");
        }
    }

    private static void HandleNotification(SnsEnvelope envelope, ReadOnlySpan<byte> raw, RoutingContext context, bool verified)
    {
        string innerLocation = $"#sns:{envelope.MessageId}";
        if (KnownMessage(envelope.Message) is { } document)
        {
            document.Dispose();

            // The inner records are routed as usual, into a sink that keeps the envelope's facts on every event they
            // produce: the topic they were published to, and whether the envelope's signature was verified.
            IRecordSink sink = context.Sink;
            if (envelope.TopicArn is { } topic)
            {
                sink = new LabellingSink(sink, $"{TopicLabelPrefix}{topic}");
            }

            if (!verified)
            {
                sink = new LabellingSink(sink, UnverifiedLabel);
            }

            context.RouteBytes(Encoding.UTF8.GetBytes(envelope.Message!), innerLocation, sink);
            return;
        }

        var normalized = SnsNotificationMapper.Map(envelope, raw, context.ReceivedMs);
        context.Normalized(verified ? normalized : LabellingSink.Label(normalized, UnverifiedLabel));
    }

    private static JsonDocument? KnownMessage(string? message)
    {
        var trimmed = message.AsSpan().TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            var document = JsonDocument.Parse(message!, MessageOptions);
            if (AwsShapes.IsKnown(document.RootElement))
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Not JSON: the notification itself becomes the event.
        }

        return null;
    }
}
