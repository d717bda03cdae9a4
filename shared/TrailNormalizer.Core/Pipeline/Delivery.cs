using System.Security.Cryptography;
using System.Text;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// One delivery by an at-least-once transport: what identifies it across redeliveries (e.g. <c>sqs://QUEUE-ARN/MESSAGE-ID</c>,
/// <c>eventgrid://TOPIC/EVENT-ID</c>), its size, and a time that is the same on every redelivery (when SQS first handed the
/// message out, the event's time). The batch keys of its records derive from these (<see cref="Evidence.DeliveryBatchIds"/>).
/// </summary>
public sealed record Delivery(string Identity, long Size, DateTimeOffset Stamp)
{
    /// <summary>The input id: SHA-256 hex of <see cref="Identity"/>; manifests list the delivery's records under it.</summary>
    public string InputId { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Identity)));
}
