using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>Locates infra/azure in the repository.</summary>
internal static class InfraPaths
{
    public static string AzureDirectory { get; } = Path.Combine(RepoPaths.Root, "infra", "azure");

    public static string MainBicep => Path.Combine(AzureDirectory, "main.bicep");

    public static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(AzureDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(AzureDirectory, path);
}
