using Azure;
using Azure.Storage.Blobs;

namespace TrailNormalizer.Azure.Storage;

/// <summary>
/// The start-up check that the evidence container is WORM: version-level immutability ("immutable storage with
/// versioning") must be enabled on it. Azure only allows that on an account with blob versioning, and the account's
/// versioning flag is not readable through the data plane, so the container flag stands for both. Without it the
/// handler refuses to start, unless development mode is on, in which case it says loudly that evidence is not WORM.
/// </summary>
public static class WormCheck
{
    public const string NotWormWarning = "evidence store is NOT WORM (development mode)";

    /// <summary>True when the container is WORM; false (after a loud warning) when it is not but development mode is on.</summary>
    /// <exception cref="StorageConfigurationException">The container is missing, unreadable, or not WORM outside development mode.</exception>
    public static bool Run(BlobContainerClient container, bool development, Action<string> log)
    {
        bool worm;
        try
        {
            worm = container.GetProperties().Value.HasImmutableStorageWithVersioning;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            throw new StorageConfigurationException($"evidence container '{container.Name}' does not exist at {container.Uri}");
        }
        catch (RequestFailedException ex) when (ex.Status is 401 or 403)
        {
            throw new StorageConfigurationException(
                $"cannot read the properties of evidence container '{container.Name}' ({ex.Status} {ex.ErrorCode}): the handler's identity needs Microsoft.Storage/storageAccounts/blobServices/containers/read on it (the Evidence Writer role of infra/azure)");
        }

        if (worm)
        {
            return true;
        }

        string problem = $"evidence container '{container.Name}' at {container.Uri} does not have version-level immutability "
            + "(immutable storage with versioning) enabled; enable blob versioning on the account and version-level immutability on the container";
        if (!development)
        {
            throw new StorageConfigurationException(problem);
        }

        log($"WARNING: {problem}. Continuing because TRAILNORM_DEVELOPMENT_MODE=true: {NotWormWarning}; nothing written now is tamper-proof.");
        return false;
    }
}
