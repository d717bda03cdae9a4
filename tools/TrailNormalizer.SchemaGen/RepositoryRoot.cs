namespace TrailNormalizer.SchemaGen;

/// <summary>Finds the repository root: the nearest folder, upwards, that holds TrailNormalizer.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "TrailNormalizer.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find TrailNormalizer.sln above the current directory; pass --ocsf and --out");
    }
}
