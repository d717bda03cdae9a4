using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;

namespace TrailNormalizer.Core.Mapping.Aws.Sns;

/// <summary>
/// An SNS message, from Lambda's SNS event (<c>Records[].Sns</c>, spelling <c>SigningCertUrl</c>) or from an
/// HTTP(S) subscription body (<c>SigningCertURL</c>, <c>SubscribeURL</c>, <c>Token</c>).
/// </summary>
internal sealed record SnsEnvelope
{
    public const string Notification = "Notification";
    public const string SubscriptionConfirmation = "SubscriptionConfirmation";
    public const string UnsubscribeConfirmation = "UnsubscribeConfirmation";

    public required string Type { get; init; }
    public required string MessageId { get; init; }
    public string? TopicArn { get; init; }
    public string? Subject { get; init; }
    public string? Message { get; init; }
    public string? Timestamp { get; init; }
    public string? SignatureVersion { get; init; }
    public string? Signature { get; init; }
    public string? SigningCertUrl { get; init; }
    public string? SubscribeUrl { get; init; }
    public string? Token { get; init; }

    /// <summary>The SNS message object (the <c>Sns</c> member of a Lambda record, or the HTTP body itself).</summary>
    public JsonElement Body { get; init; }

    /// <summary>The Lambda record around <see cref="Body"/>, when the message came through Lambda's SNS event.</summary>
    public JsonElement? LambdaRecord { get; init; }

    /// <summary>A Lambda SNS record, or an HTTP body with a known Type, a MessageId and a TopicArn.</summary>
    public static bool IsSnsShape(JsonElement value) =>
        (value.Str("EventSource") == "aws:sns" && value.Obj("Sns") is not null)
        || (value.Str("Type") is Notification or SubscriptionConfirmation or UnsubscribeConfirmation
            && value.Str("MessageId") is not null && value.Str("TopicArn") is not null);

    /// <summary>Reads the envelope; a message without Type or MessageId cannot be handled and is quarantined.</summary>
    public static SnsEnvelope From(JsonElement value)
    {
        bool lambda = value.Obj("Sns") is not null && value.Str("EventSource") == "aws:sns";
        var body = lambda ? value.Obj("Sns")!.Value : value;
        string type = body.NonEmpty("Type") ?? throw new MappingException("SNS envelope without Type");
        string messageId = body.NonEmpty("MessageId") ?? throw new MappingException("SNS envelope without MessageId");
        return new SnsEnvelope
        {
            Type = type,
            MessageId = messageId,
            TopicArn = body.Str("TopicArn"),
            Subject = body.Str("Subject"),
            Message = body.Str("Message"),
            Timestamp = body.Str("Timestamp"),
            SignatureVersion = body.Str("SignatureVersion"),
            Signature = body.Str("Signature"),
            SigningCertUrl = body.Str("SigningCertURL") ?? body.Str("SigningCertUrl"),
            SubscribeUrl = body.Str("SubscribeURL") ?? body.Str("SubscribeUrl"),
            Token = body.Str("Token"),
            Body = body,
            LambdaRecord = lambda ? value : null,
        };
    }

    /// <summary>
    /// The string SNS signs: for a Notification Message, MessageId, Subject (only if present), Timestamp,
    /// TopicArn, Type; for the confirmations Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type;
    /// each as <c>"Key\nvalue\n"</c>. Null when a field the string needs is missing.
    /// </summary>
    public string? StringToSign()
    {
        var text = new StringBuilder(256 + (Message?.Length ?? 0));
        bool complete = Type == Notification
            ? Add(text, "Message", Message) && Add(text, "MessageId", MessageId)
                && (Subject is null || Add(text, "Subject", Subject))
                && Add(text, "Timestamp", Timestamp) && Add(text, "TopicArn", TopicArn) && Add(text, "Type", Type)
            : Add(text, "Message", Message) && Add(text, "MessageId", MessageId) && Add(text, "SubscribeURL", SubscribeUrl)
                && Add(text, "Timestamp", Timestamp) && Add(text, "Token", Token) && Add(text, "TopicArn", TopicArn) && Add(text, "Type", Type);
        return complete ? text.ToString() : null;
    }

    private static bool Add(StringBuilder text, string key, string? value)
    {
        if (value is null)
        {
            return false;
        }

        text.Append(key).Append('\n').Append(value).Append('\n');
        return true;
    }
}
