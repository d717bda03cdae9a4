using Azure.Core;
using Azure.Storage.Blobs;
using TrailNormalizer.Azure.Configuration;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Azure.Storage;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Rules;

namespace TrailNormalizer.Azure.Host;

/// <summary>
/// Builds the process-wide services from the settings, once: opens the Blob evidence store and runs the WORM check
/// (refusing to start outside development mode when the container is not immutable), the diagnostic-log reader, the
/// rules, and the signer factory. Throws <see cref="SettingsException"/> or <see cref="StorageConfigurationException"/>
/// with a message that says what to fix.
/// </summary>
public static class HandlerStartup
{
    public static HandlerServices Open(HandlerSettings settings, HandlerLog log)
    {
        if (settings.DevelopmentMode)
        {
            log.Warn("DEVELOPMENT MODE: development-only settings are accepted and the evidence container may be NOT WORM; never run production like this");
        }

        var credential = new Lazy<TokenCredential>(() => BlobClientFactory.ManagedIdentity(settings.ManagedIdentityClientId));
        var store = BlobEvidenceStore.Open(EvidenceContainer(settings, credential), settings.DevelopmentMode, log.Warn);
        var rules = BuiltInRules.Load();
        log.Info($"ready: evidence container WORM={store.IsWorm}, retention {settings.Retention.Days} days, {rules.Rules.Count} built-in rules, "
            + $"{settings.SourceAccounts.Count} source accounts, webhook key {(settings.WebhookKey is null ? "NOT SET (webhook refuses every call)" : "set")}");
        return new HandlerServices
        {
            Settings = settings,
            Store = store,
            LogBlobs = LogBlobs(settings, credential),
            Rules = rules,
            SignerFactory = () => CreateSigner(settings, credential, log),
            Log = log,
        };
    }

    private static BlobContainerClient EvidenceContainer(HandlerSettings settings, Lazy<TokenCredential> credential) =>
        settings.EvidenceContainerUrl is { } url
            ? BlobClientFactory.EvidenceContainer(url, credential.Value, settings.DevelopmentMode)
            : BlobClientFactory.EvidenceContainer(settings.EvidenceConnectionString!, settings.EvidenceContainer!, settings.DevelopmentMode);

    private static LogBlobReaderSource LogBlobs(HandlerSettings settings, Lazy<TokenCredential> credential) =>
        new(settings.SourceConnectionString is { } connection
            ? LogBlobReader.WithConnectionString(settings.SourceAccounts, connection, settings.DevelopmentMode)
            : LogBlobReader.WithCredential(settings.SourceAccounts, credential.Value));

    private static ICheckpointSigner CreateSigner(HandlerSettings settings, Lazy<TokenCredential> credential, HandlerLog log)
    {
        if (settings.SigningKeyFile is { } file)
        {
            log.Warn($"Seal signs checkpoints with a LOCAL key file (development mode), not Key Vault: {file}");
            return LocalKeySigner.FromPemFile(file);
        }

        if (settings.SigningKeyUrl is not { } keyUrl)
        {
            throw new SettingsException("Seal needs TRAILNORM_SIGNING_KEY_URL (a Key Vault EC P-256 key)");
        }

        return KeyVaultCheckpointSigner.CreateAsync(keyUrl, credential.Value).GetAwaiter().GetResult();
    }
}
