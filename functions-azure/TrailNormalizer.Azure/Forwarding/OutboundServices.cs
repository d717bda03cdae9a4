using Azure.Core;
using TrailNormalizer.Azure.Findings;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>What the handler sends beyond its evidence store, built once at start-up from <see cref="OutboundSettings"/>.</summary>
public sealed class OutboundServices
{
    public required OutboundSettings Settings { get; init; }

    /// <summary>The sinks the Forward function feeds (none when nothing is configured).</summary>
    public IReadOnlyList<IBatchSink> Sinks { get; init; } = [];

    /// <summary>The witness container the Seal function copies each checkpoint to; null when not configured.</summary>
    public IEvidenceStore? Witness { get; init; }

    /// <summary>
    /// Opens the configured sinks and the witness (running the WORM check on it, which refuses a mutable witness outside
    /// development mode). The same managed identity authenticates every call.
    /// </summary>
    public static OutboundServices Open(OutboundSettings settings, string logOrigin, bool development, Func<TokenCredential> credential, HandlerLog log)
    {
        var sinks = new List<IBatchSink>();
        HttpClient? http = settings.LogAnalyticsEnabled || settings.FindingsEnabled ? AuthorizedPoster.CreateHttpClient() : null;
        if (settings.LogsIngestionEndpoint is { } endpoint)
        {
            var poster = new AuthorizedPoster(http!, credential(), LogsIngestionClient.Scope);
            sinks.Add(new LogAnalyticsSink(new LogsIngestionClient(poster, endpoint, settings.DcrImmutableId!, settings.LogsStream)));
        }

        if (settings.FindingsTopicEndpoint is { } topic)
        {
            var poster = new AuthorizedPoster(http!, credential(), EventGridPublisher.Scope);
            sinks.Add(new FindingsSink(new EventGridPublisher(poster, topic), logOrigin));
        }

        IEvidenceStore? witness = null;
        if (settings.WitnessContainerUrl is { } url)
        {
            witness = BlobEvidenceStore.Open(BlobClientFactory.EvidenceContainer(url, credential(), development), development, log.Warn);
        }
        else if (settings.WitnessConnectionString is { } connection)
        {
            witness = BlobEvidenceStore.Open(BlobClientFactory.EvidenceContainer(connection, settings.WitnessContainer!, development), development, log.Warn);
        }

        log.Info($"outbound: Log Analytics {(settings.LogAnalyticsEnabled ? "on" : "off")}, findings topic {(settings.FindingsEnabled ? "on" : "off")}, witness {(witness is null ? "off" : "on")}");
        return new OutboundServices { Settings = settings, Sinks = sinks, Witness = witness };
    }
}
