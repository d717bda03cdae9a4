namespace TrailNormalizer.Azure.Storage;

/// <summary>The storage configuration is unusable (bad URL, container without WORM, ...): the handler must not start.</summary>
public sealed class StorageConfigurationException(string message) : InvalidOperationException(message);
