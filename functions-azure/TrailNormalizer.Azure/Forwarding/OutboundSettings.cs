using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using TrailNormalizer.Azure.Configuration;

namespace TrailNormalizer.Azure.Forwarding;

/// <summary>
/// The app settings of what the handler sends beyond the evidence store, all optional: Log Analytics through the Logs
/// Ingestion API, escalated findings to an Event Grid topic, checkpoint copies to a witness container. Parsed and
/// validated once at start-up; endpoints must be https on the service's own domain (development mode also allows
/// http://127.0.0.1 for the tests' loopback services), so a bearer token never goes anywhere else.
/// </summary>
public sealed partial record OutboundSettings
{
    private static readonly string[] IngestionHostSuffixes = [".ingest.monitor.azure.com", ".ingest.monitor.azure.us", ".ingest.monitor.azure.cn"];
    private static readonly string[] EventGridHostSuffixes = [".eventgrid.azure.net", ".eventgrid.azure.us", ".eventgrid.azure.cn"];

    /// <summary>The data collection endpoint's logs ingestion URL (TRAILNORM_LOGS_INGESTION_ENDPOINT).</summary>
    public Uri? LogsIngestionEndpoint { get; init; }

    /// <summary>The data collection rule's immutable id, dcr-… (TRAILNORM_LOGS_DCR_IMMUTABLE_ID).</summary>
    public string? DcrImmutableId { get; init; }

    /// <summary>The rule's input stream (TRAILNORM_LOGS_STREAM, Custom-TrailNormalizer).</summary>
    public string LogsStream { get; init; } = "Custom-TrailNormalizer";

    /// <summary>The custom topic's endpoint, https://topic.region-1.eventgrid.azure.net/api/events (TRAILNORM_FINDINGS_TOPIC_ENDPOINT).</summary>
    public Uri? FindingsTopicEndpoint { get; init; }

    /// <summary>Most batches one Forward run sends per sink (TRAILNORM_FORWARD_MAX_BATCHES, 200); the rest wait for the next run.</summary>
    public int ForwardMaxBatches { get; init; } = 200;

    /// <summary>The witness container for checkpoint copies, with the managed identity (TRAILNORM_WITNESS_CONTAINER_URL).</summary>
    public Uri? WitnessContainerUrl { get; init; }

    /// <summary>Development and tests: the witness as a connection string and container (TRAILNORM_WITNESS_CONNECTION_STRING, TRAILNORM_WITNESS_CONTAINER).</summary>
    public string? WitnessConnectionString { get; init; }

    public string? WitnessContainer { get; init; }

    public bool LogAnalyticsEnabled => LogsIngestionEndpoint is not null;

    public bool FindingsEnabled => FindingsTopicEndpoint is not null;

    public bool WitnessEnabled => WitnessContainerUrl is not null || WitnessConnectionString is not null;

    public static OutboundSettings FromEnvironment(bool development)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = entry.Value as string ?? "";
        }

        return From(env, development);
    }

    public static OutboundSettings From(IReadOnlyDictionary<string, string> env, bool development)
    {
        string? Get(string name) => env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var ingestion = Get("TRAILNORM_LOGS_INGESTION_ENDPOINT") is { } e ? ServiceUrl("TRAILNORM_LOGS_INGESTION_ENDPOINT", e, IngestionHostSuffixes, development) : null;
        string? dcr = Get("TRAILNORM_LOGS_DCR_IMMUTABLE_ID");
        if ((ingestion is null) != (dcr is null))
        {
            throw new SettingsException("set both TRAILNORM_LOGS_INGESTION_ENDPOINT and TRAILNORM_LOGS_DCR_IMMUTABLE_ID to forward to Log Analytics, or neither");
        }

        if (dcr is not null && !DcrId().IsMatch(dcr))
        {
            throw new SettingsException($"TRAILNORM_LOGS_DCR_IMMUTABLE_ID must be a data collection rule's immutable id (dcr- and 32 hex digits), not '{dcr}'");
        }

        string stream = Get("TRAILNORM_LOGS_STREAM") ?? "Custom-TrailNormalizer";
        if (!StreamName().IsMatch(stream))
        {
            throw new SettingsException($"TRAILNORM_LOGS_STREAM must be a custom stream name (Custom- and letters, digits, underscores), not '{stream}'");
        }

        var topic = Get("TRAILNORM_FINDINGS_TOPIC_ENDPOINT") is { } t ? ServiceUrl("TRAILNORM_FINDINGS_TOPIC_ENDPOINT", t, EventGridHostSuffixes, development) : null;
        if (topic is not null && topic.AbsolutePath != "/api/events")
        {
            throw new SettingsException("TRAILNORM_FINDINGS_TOPIC_ENDPOINT must be the topic endpoint ending in /api/events");
        }

        string? witnessConnection = Get("TRAILNORM_WITNESS_CONNECTION_STRING");
        if (witnessConnection is not null && !development)
        {
            throw new SettingsException("TRAILNORM_WITNESS_CONNECTION_STRING is for development only (TRAILNORM_DEVELOPMENT_MODE=true); use TRAILNORM_WITNESS_CONTAINER_URL with the managed identity");
        }

        Uri? witnessUrl = null;
        if (Get("TRAILNORM_WITNESS_CONTAINER_URL") is { } w && !Uri.TryCreate(w, UriKind.Absolute, out witnessUrl))
        {
            throw new SettingsException("TRAILNORM_WITNESS_CONTAINER_URL is not an absolute URL");
        }

        if (witnessUrl is not null && witnessConnection is not null)
        {
            throw new SettingsException("set either TRAILNORM_WITNESS_CONTAINER_URL or TRAILNORM_WITNESS_CONNECTION_STRING, not both");
        }

        string? witnessContainer = Get("TRAILNORM_WITNESS_CONTAINER");
        if (witnessConnection is not null && witnessContainer is null)
        {
            throw new SettingsException("TRAILNORM_WITNESS_CONTAINER is required with TRAILNORM_WITNESS_CONNECTION_STRING");
        }

        return new OutboundSettings
        {
            LogsIngestionEndpoint = ingestion,
            DcrImmutableId = dcr,
            LogsStream = stream,
            FindingsTopicEndpoint = topic,
            ForwardMaxBatches = Bounded("TRAILNORM_FORWARD_MAX_BATCHES", Get("TRAILNORM_FORWARD_MAX_BATCHES"), 200, 1, 5000),
            WitnessContainerUrl = witnessUrl,
            WitnessConnectionString = witnessConnection,
            WitnessContainer = witnessContainer,
        };
    }

    private static Uri ServiceUrl(string name, string text, string[] hostSuffixes, bool development)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            throw new SettingsException($"{name} must be an absolute URL without credentials, query or fragment");
        }

        bool loopbackForTests = development && url.Scheme == Uri.UriSchemeHttp && url.IsLoopback;
        if (loopbackForTests)
        {
            return url;
        }

        if (url.Scheme != Uri.UriSchemeHttps || !url.IsDefaultPort || !hostSuffixes.Any(s => url.Host.EndsWith(s, StringComparison.OrdinalIgnoreCase)))
        {
            throw new SettingsException($"{name} must be https on the default port and a host ending in {string.Join(" or ", hostSuffixes)}: {url.Host}");
        }

        return url;
    }

    private static int Bounded(string name, string? text, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max
            ? value
            : throw new SettingsException($"{name} must be a whole number from {min} to {max}, not '{text}'");
    }

    [GeneratedRegex("^dcr-[0-9a-f]{32}$")]
    private static partial Regex DcrId();

    [GeneratedRegex("^Custom-[A-Za-z0-9_]{1,100}$")]
    private static partial Regex StreamName();
}
