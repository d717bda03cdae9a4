using System.Text;

namespace TrailNormalizer.Cli.Query;

/// <summary>The saved queries of <c>schemas/queries</c>, built into the CLI as resources.</summary>
public static class SavedQueryCatalog
{
    private const string ResourcePrefix = "queries/";

    private static readonly Lazy<IReadOnlyList<SavedQuery>> Queries = new(Load);

    public static IReadOnlyList<SavedQuery> All => Queries.Value;

    public static SavedQuery? Find(string name) => All.FirstOrDefault(q => q.Name == name);

    /// <summary>The <c>--list</c> text: each query's name, parameters and description.</summary>
    public static string Describe()
    {
        var text = new StringBuilder();
        foreach (var query in All)
        {
            text.Append(query.Name).Append("  ").AppendLine(query.Parameters.Count == 0 ? "" : query.Usage());
            text.Append("    ").AppendLine(query.Description);
            foreach (var p in query.Parameters)
            {
                text.Append("    ").Append(p.Name).Append(" (").Append(p.Type)
                    .Append(p.Default is null ? ", required" : $", default {p.Default}").Append("): ").AppendLine(p.Description);
            }
        }

        return text.ToString();
    }

    private static List<SavedQuery> Load()
    {
        var assembly = typeof(SavedQueryCatalog).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return SavedQuery.Parse(n, reader.ReadToEnd());
            })
            .ToList();
    }
}
