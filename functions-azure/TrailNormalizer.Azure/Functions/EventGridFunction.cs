using TrailNormalizer.Azure.Host;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// The <c>eventGridTrigger</c> function: the binding <c>eventGridEvent</c> holds one event (EventGridEvent or
/// CloudEvents 1.0 schema) or a batch, as an object, an array, or either JSON-encoded in a string.
/// </summary>
public sealed class EventGridFunction(EventIngest ingest)
{
    public const string Binding = "eventGridEvent";

    public InvocationResponse Invoke(InvocationRequest request)
    {
        var events = request.Trigger(Binding) ?? throw new InvalidInvocationException($"the invocation has no Data.{Binding}");
        var summary = ingest.Process(events, $"eventgrid:{request.InvocationId ?? "invocation"}");
        return InvocationResponse.Ok($"EventGrid: {summary}");
    }
}
