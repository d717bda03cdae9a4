namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>Locates infra/azure by walking up from the test binaries to the solution root.</summary>
internal static class InfraPaths
{
    public static string AzureDirectory { get; } = Path.Combine(FindRepositoryRoot(), "infra", "azure");

    public static string MainBicep => Path.Combine(AzureDirectory, "main.bicep");

    public static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(AzureDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(AzureDirectory, path);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TrailNormalizer.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"TrailNormalizer.sln not found above {AppContext.BaseDirectory}");
    }
}
