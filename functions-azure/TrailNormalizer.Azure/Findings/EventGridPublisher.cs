using TrailNormalizer.Azure.Forwarding;

namespace TrailNormalizer.Azure.Findings;

/// <summary>
/// Publishes CloudEvents 1.0 to an Event Grid custom topic (input schema CloudEventSchemaV1_0, local auth disabled):
/// <c>POST {topic}/api/events</c> with <c>Content-Type: application/cloudevents-batch+json</c>, a JSON array of events,
/// and a bearer token for https://eventgrid.azure.net/.default (the identity holds EventGrid Data Sender on the topic
/// only). A request carries at most <see cref="MaxRequestBytes"/>.
/// </summary>
public sealed class EventGridPublisher(AuthorizedPoster poster, Uri topicEndpoint)
{
    public const string Scope = "https://eventgrid.azure.net/.default";
    public const string ContentType = "application/cloudevents-batch+json; charset=utf-8";

    /// <summary>Event Grid takes at most 1 MB per publish request.</summary>
    public const int MaxRequestBytes = 1_000_000;

    public Uri TopicEndpoint => topicEndpoint;

    /// <summary>Publishes every event (each a CloudEvent JSON object); returns the number of requests.</summary>
    public int Publish(IEnumerable<byte[]> events)
    {
        int requests = 0;
        foreach (byte[] body in JsonArrays.Split(events, MaxRequestBytes))
        {
            poster.Post("Event Grid publish", topicEndpoint, body, ContentType);
            requests++;
        }

        return requests;
    }
}
