namespace TrailNormalizer.SchemaGen;

/// <summary>Command-line options of the schema generator: where the OCSF source is and where to write.</summary>
internal sealed record GeneratorOptions(string OcsfDirectory, string OutputDirectory)
{
    public const string Usage =
        "usage: dotnet run --project tools/TrailNormalizer.SchemaGen -- [--ocsf DIR] [--out DIR]\n" +
        "  --ocsf DIR  OCSF 1.8.0 schema source (default: <repo>/../shared/ocsf/1.8.0)\n" +
        "  --out DIR   where the JSON Schemas are written (default: <repo>/schemas/ocsf/1.8.0)";

    /// <summary>Parses the arguments; relative paths are taken from the current directory,
    /// defaults from the repository root (the folder holding TrailNormalizer.sln).</summary>
    public static GeneratorOptions Parse(IReadOnlyList<string> args)
    {
        string? ocsf = null;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--ocsf" when value is not null:
                    ocsf = value;
                    i++;
                    break;
                case "--out" when value is not null:
                    output = value;
                    i++;
                    break;
                default:
                    throw new ArgumentException($"unexpected argument '{args[i]}'\n{Usage}");
            }
        }

        var root = ocsf is null || output is null ? RepositoryRoot.Find() : null;
        return new GeneratorOptions(
            Path.GetFullPath(ocsf ?? Path.Combine(root!, "..", "shared", "ocsf", "1.8.0")),
            Path.GetFullPath(output ?? Path.Combine(root!, "schemas", "ocsf", "1.8.0")));
    }
}
