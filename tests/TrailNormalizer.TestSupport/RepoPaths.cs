namespace TrailNormalizer.TestSupport;

/// <summary>Locates the repository's own files (fixtures, schemas, infra) from the test binaries.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TrailNormalizer.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TrailNormalizer.sln not found above " + AppContext.BaseDirectory);
    }
}
