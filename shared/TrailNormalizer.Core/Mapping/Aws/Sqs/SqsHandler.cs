using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Core.Mapping.Aws.Sqs;

/// <summary>
/// One SQS message as Lambda delivers it (<c>{"messageId","body","eventSource":"aws:sqs",...}</c>; the router
/// or the Lambda adapter, message by message, splits the <c>Records</c> array). A body holding a known record
/// (EventBridge event, SNS envelope, S3 notification, CloudTrail file notice or record) is routed; any other
/// body — plain text or JSON of an unknown shape — is evidence of the message itself (<see cref="SqsMessageMapper"/>).
/// </summary>
public sealed class SqsHandler : IRecordHandler
{
    /// <summary>Envelopes and notices: what they carry is routed to the handler of its own kind.</summary>
    public IReadOnlyList<SourceKind> Kinds { get; } = [];

    private static readonly JsonDocumentOptions BodyOptions = new() { MaxDepth = 128 };

    public static bool IsSqsRecord(JsonElement value) =>
        value.Str("eventSource") == "aws:sqs" && value.NonEmpty("messageId") is not null && value.TryGetProperty("body", out _);

    public bool TryHandle(JsonElement value, ReadOnlySpan<byte> raw, RoutingContext context)
    {
        if (!IsSqsRecord(value))
        {
            return false;
        }

        string messageId = value.NonEmpty("messageId")!;
        string body = value.Str("body") ?? "";
        if (LooksLikeJson(body))
        {
            JsonDocument? document = null;
            try
            {
                document = JsonDocument.Parse(body, BodyOptions);
            }
            catch (JsonException)
            {
                // Not JSON after all: the message is kept as a Base Event carrying the text.
            }

            using (document)
            {
                if (document is not null && AwsShapes.IsKnown(document.RootElement))
                {
                    context.Route(document.RootElement, $"#sqs:{messageId}");
                    return true;
                }
            }
        }

        context.Normalized(SqsMessageMapper.Map(value, raw, messageId, body, context.ReceivedMs));
        return true;
    }

    private static bool LooksLikeJson(string body)
    {
        var trimmed = body.AsSpan().TrimStart();
        return trimmed.Length > 0 && trimmed[0] is '{' or '[';
    }
}
