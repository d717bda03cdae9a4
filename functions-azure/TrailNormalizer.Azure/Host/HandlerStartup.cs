using Azure.Core;
using Azure.Identity;
using TrailNormalizer.Azure.Configuration;
using TrailNormalizer.Azure.Functions;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Azure.Host;

/// <summary>
/// Builds the process-wide services from the settings: opens the evidence store and checks it is WORM (refusing to
/// start otherwise outside development mode), the diagnostic-log reader, the rules, and the signer factory.
/// </summary>
public static class HandlerStartup
{
    public static HandlerServices Open(HandlerSettings settings, HandlerLog log)
    {
        if (settings.DevelopmentMode)
        {
            log.Warn("DEVELOPMENT MODE: the evidence store may be NOT WORM and development-only settings are accepted; never run production like this");
        }

        var credential = new Lazy<TokenCredential>(() => ManagedIdentity(settings));
        var store = OpenStore(settings, log);
        var rules = BuiltInRules.Load();
        log.Info($"listening for invocations; {rules.Rules.Count} built-in rules; evidence retained {settings.Retention.Days} days");
        return new HandlerServices
        {
            Settings = settings,
            Store = store,
            Tagger = new EventTagger(rules),
            SignerFactory = () => CreateSigner(settings, credential, log),
            Log = log,
        };
    }

    private static LocalEvidenceStore OpenStore(HandlerSettings settings, HandlerLog log)
    {
        if (settings.EvidenceDirectory is { } directory)
        {
            log.Warn($"evidence store is a LOCAL FOLDER (development mode), NOT WORM: {directory}");
            return new LocalEvidenceStore(directory);
        }

        throw new SettingsException("the Blob evidence store is not available in this build");
    }

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

    /// <summary>The function app's managed identity only: no developer or environment credentials are tried.</summary>
    private static ManagedIdentityCredential ManagedIdentity(HandlerSettings settings) =>
        new(settings.ManagedIdentityClientId is { } clientId ? ManagedIdentityId.FromUserAssignedClientId(clientId) : ManagedIdentityId.SystemAssigned);
}
