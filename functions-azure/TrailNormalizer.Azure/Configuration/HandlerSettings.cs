using System.Collections;
using System.Globalization;
using TrailNormalizer.Core.Evidence;

namespace TrailNormalizer.Azure.Configuration;

/// <summary>A setting is missing or invalid: the handler refuses to start and says which and why.</summary>
public sealed class SettingsException(string message) : Exception(message);

/// <summary>
/// The handler's app settings (environment variables), parsed and validated once at start-up.
/// Secrets (webhook key, connection strings) are kept here and never logged.
/// </summary>
public sealed record HandlerSettings
{
    private static readonly string[] DevelopmentOnly =
        ["TRAILNORM_EVIDENCE_CONNECTION_STRING", "TRAILNORM_SOURCE_CONNECTION_STRING", "TRAILNORM_SIGNING_KEY_FILE"];

    public int Port { get; init; }

    /// <summary>Managed-identity evidence container, e.g. https://acct.blob.core.windows.net/evidence.</summary>
    public Uri? EvidenceContainerUrl { get; init; }

    /// <summary>Development/tests: connection string + container name instead of the URL.</summary>
    public string? EvidenceConnectionString { get; init; }

    public string? EvidenceContainer { get; init; }

    /// <summary>User-assigned managed identity client id (optional).</summary>
    public string? ManagedIdentityClientId { get; init; }

    /// <summary>Storage account blob hosts (host or host:port, lower case) diagnostic-log blobs may be read from.</summary>
    public IReadOnlySet<string> SourceAccounts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public string? SourceConnectionString { get; init; }

    /// <summary>The secret the Webhook function requires in X-TrailNorm-Key; null makes it refuse everything.</summary>
    public string? WebhookKey { get; init; }

    public Uri? SigningKeyUrl { get; init; }

    /// <summary>Development only: a PEM private key file for Seal instead of Key Vault.</summary>
    public string? SigningKeyFile { get; init; }

    public string LogOrigin { get; init; } = "";

    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Default;

    /// <summary>From which rule level a match becomes a detection finding (TRAILNORM_ESCALATION_LEVEL, default high; null: none).</summary>
    public Core.Rules.Escalation.EscalationOptions? Escalation { get; init; } = new();

    public bool DevelopmentMode { get; init; }

    /// <summary>An append blob unmodified this long is finished: its unterminated last line is read too (TRAILNORM_LOG_CLOSING_MINUTES, 120).</summary>
    public TimeSpan LogClosingPeriod { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Follow looks at log blobs modified this recently (TRAILNORM_FOLLOW_LOOKBACK_MINUTES, 180; more than the closing period).</summary>
    public TimeSpan FollowLookback { get; init; } = TimeSpan.FromHours(3);

    /// <summary>Most log blobs one Follow invocation reads (TRAILNORM_FOLLOW_MAX_BLOBS, 500); the rest wait for the next.</summary>
    public int FollowMaxBlobs { get; init; } = 500;

    /// <summary>Most log bytes one invocation reads, per blob and in all (TRAILNORM_FOLLOW_MAX_MB, 512).</summary>
    public long FollowMaxBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Reads the settings from the process environment.</summary>
    public static HandlerSettings FromEnvironment() => From(ReadEnvironment());

    /// <summary>
    /// Reads the settings from <paramref name="env"/> (names as in the app settings). Every problem is reported at once, in one
    /// <see cref="SettingsException"/> (problems separated by "; "), so a deployment is fixed in one round.
    /// </summary>
    public static HandlerSettings From(IReadOnlyDictionary<string, string> env)
    {
        string? Get(string name) => env.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var problems = new List<string>();
        bool dev = Get("TRAILNORM_DEVELOPMENT_MODE") is { } devText && ParseBool("TRAILNORM_DEVELOPMENT_MODE", devText, problems);
        int port = ParsePort(Get("FUNCTIONS_CUSTOMHANDLER_PORT"), problems);

        foreach (string devOnly in DevelopmentOnly.Where(name => Get(name) is not null && !dev))
        {
            problems.Add($"{devOnly} is for development only (TRAILNORM_DEVELOPMENT_MODE=true): outside development mode evidence goes only to TRAILNORM_EVIDENCE_CONTAINER_URL with the managed identity, and the container's WORM protection (version-level immutability) is checked at start-up");
        }

        var containerUrl = Get("TRAILNORM_EVIDENCE_CONTAINER_URL") is { } urlText ? ParseContainerUrl(urlText, dev, problems) : null;
        string? connection = Get("TRAILNORM_EVIDENCE_CONNECTION_STRING");
        string? container = Get("TRAILNORM_EVIDENCE_CONTAINER");
        if (containerUrl is null && Get("TRAILNORM_EVIDENCE_CONTAINER_URL") is null && (connection is null || container is null))
        {
            problems.Add("set TRAILNORM_EVIDENCE_CONTAINER_URL (managed identity), or TRAILNORM_EVIDENCE_CONNECTION_STRING and TRAILNORM_EVIDENCE_CONTAINER");
        }

        if (Get("TRAILNORM_EVIDENCE_CONTAINER_URL") is not null && connection is not null)
        {
            problems.Add("set either TRAILNORM_EVIDENCE_CONTAINER_URL or TRAILNORM_EVIDENCE_CONNECTION_STRING, not both");
        }

        Uri? keyUrl = null;
        if (Get("TRAILNORM_SIGNING_KEY_URL") is { } keyUrlText && !Uri.TryCreate(keyUrlText, UriKind.Absolute, out keyUrl))
        {
            problems.Add("TRAILNORM_SIGNING_KEY_URL is not an absolute URL");
        }

        var closing = TimeSpan.FromMinutes(ParseBounded("TRAILNORM_LOG_CLOSING_MINUTES", Get("TRAILNORM_LOG_CLOSING_MINUTES"), 120, 5, 24 * 60, problems));
        var lookback = TimeSpan.FromMinutes(ParseBounded("TRAILNORM_FOLLOW_LOOKBACK_MINUTES", Get("TRAILNORM_FOLLOW_LOOKBACK_MINUTES"), 180, 15, 7 * 24 * 60, problems));
        if (lookback < closing + TimeSpan.FromMinutes(15))
        {
            // A blob must still be listed once it has closed, or its unterminated last line is never read.
            problems.Add("TRAILNORM_FOLLOW_LOOKBACK_MINUTES must exceed TRAILNORM_LOG_CLOSING_MINUTES by at least 15 minutes");
        }

        var settings = new HandlerSettings
        {
            Port = port,
            EvidenceContainerUrl = containerUrl,
            EvidenceConnectionString = connection,
            EvidenceContainer = container,
            ManagedIdentityClientId = Get("AZURE_CLIENT_ID"),
            SourceAccounts = ParseAccounts(Get("TRAILNORM_SOURCE_ACCOUNTS"), problems),
            SourceConnectionString = Get("TRAILNORM_SOURCE_CONNECTION_STRING"),
            WebhookKey = Get("TRAILNORM_WEBHOOK_KEY"),
            SigningKeyUrl = keyUrl,
            SigningKeyFile = Get("TRAILNORM_SIGNING_KEY_FILE"),
            LogOrigin = Get("TRAILNORM_LOG_ORIGIN") ?? $"trailnormalizer/{(containerUrl?.Host ?? "dev")}/{(containerUrl is not null ? containerUrl.AbsolutePath.Trim('/') : container)}",
            Retention = ParseRetention(Get("TRAILNORM_RETENTION_DAYS"), problems),
            Escalation = ParseEscalation(Get("TRAILNORM_ESCALATION_LEVEL"), problems),
            DevelopmentMode = dev,
            LogClosingPeriod = closing,
            FollowLookback = lookback,
            FollowMaxBlobs = ParseBounded("TRAILNORM_FOLLOW_MAX_BLOBS", Get("TRAILNORM_FOLLOW_MAX_BLOBS"), 500, 1, 100_000, problems),
            FollowMaxBytes = ParseBounded("TRAILNORM_FOLLOW_MAX_MB", Get("TRAILNORM_FOLLOW_MAX_MB"), 512, 16, 4096, problems) * 1024L * 1024,
        };

        return problems.Count > 0 ? throw new SettingsException(string.Join("; ", problems)) : settings;
    }

    private static Core.Rules.Escalation.EscalationOptions? ParseEscalation(string? text, List<string> problems)
    {
        if (!Core.Rules.Escalation.EscalationOptions.TryParseSetting(text, out var options, out string? problem))
        {
            problems.Add($"TRAILNORM_ESCALATION_LEVEL {problem}");
        }

        return options;
    }

    private static Dictionary<string, string> ReadEnvironment()
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            env[(string)entry.Key] = entry.Value as string ?? "";
        }

        return env;
    }

    private static int ParsePort(string? text, List<string> problems)
    {
        if (text is null)
        {
            problems.Add("FUNCTIONS_CUSTOMHANDLER_PORT is not set: the Azure Functions host sets it when it starts the custom handler (set it yourself to run the handler by hand)");
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            problems.Add($"FUNCTIONS_CUSTOMHANDLER_PORT must be a TCP port (1-65535), not '{text}'");
            return 0;
        }

        return port;
    }

    private static Uri? ParseContainerUrl(string text, bool dev, List<string> problems)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0
            || url.AbsolutePath.Trim('/').Length == 0 || url.AbsolutePath.Trim('/').Contains('/', StringComparison.Ordinal))
        {
            problems.Add("TRAILNORM_EVIDENCE_CONTAINER_URL must be a container URL without query or credentials, e.g. https://account.blob.core.windows.net/evidence");
            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttps && !(dev && url.Scheme == Uri.UriSchemeHttp))
        {
            problems.Add("TRAILNORM_EVIDENCE_CONTAINER_URL must use https");
            return null;
        }

        return url;
    }

    private static HashSet<string> ParseAccounts(string? text, List<string> problems)
    {
        var accounts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.CheckHostName(part.Split(':')[0]) == UriHostNameType.Unknown || part.Contains('/', StringComparison.Ordinal))
            {
                problems.Add($"TRAILNORM_SOURCE_ACCOUNTS: '{part}' is not a blob host (e.g. mylogs.blob.core.windows.net)");
                continue;
            }

            accounts.Add(part);
        }

        return accounts;
    }

    private static RetentionPolicy ParseRetention(string? text, List<string> problems)
    {
        if (text is null)
        {
            return RetentionPolicy.Default;
        }

        if (RetentionPolicy.TryParseDays(text, out var retention, out string? problem))
        {
            return retention;
        }

        problems.Add($"TRAILNORM_RETENTION_DAYS {problem}");
        return RetentionPolicy.Default;
    }

    private static int ParseBounded(string name, string? text, int fallback, int min, int max, List<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            problems.Add($"{name} must be a whole number from {min} to {max}, not '{text}'");
            return fallback;
        }

        return value;
    }

    private static bool ParseBool(string name, string text, List<string> problems)
    {
        switch (text.ToUpperInvariant())
        {
            case "TRUE" or "1" or "YES":
                return true;
            case "FALSE" or "0" or "NO":
                return false;
            default:
                problems.Add($"{name} must be true or false, not '{text}'");
                return false;
        }
    }
}
