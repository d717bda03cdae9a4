using System.Reflection;
using Amazon.CDK.AWS.Athena;
using Constructs;

namespace TrailNormalizer.Infra.Aws.Siem;

/// <summary>One Athena (Trino) variant of a saved query: <c>schemas/queries/athena/NAME.sql</c>, built into this app.</summary>
public sealed record AthenaQuery(string Name, string Description, string Sql)
{
    /// <summary>Reads the <c>-- name:</c> and <c>-- description:</c> header lines; the whole text is the query.</summary>
    public static AthenaQuery Parse(string resource, string sql)
    {
        string Header(string field) =>
            sql.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith($"-- {field}:", StringComparison.Ordinal))?[(field.Length + 4)..].Trim()
            ?? throw new InvalidOperationException($"{resource} has no '-- {field}:' line");
        return new AthenaQuery(Header("name"), Header("description"), sql);
    }
}

/// <summary>The saved queries as Athena named queries in the workgroup, on the evidence database.</summary>
public sealed class SavedQueries : Construct
{
    private const string ResourcePrefix = "athena/";

    public SavedQueries(Construct scope, string id, string database, QueryWorkgroup workgroup) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(workgroup);
        foreach (var query in All)
        {
            var named = new CfnNamedQuery(this, query.Name, new CfnNamedQueryProps
            {
                Name = "trailnorm " + query.Name,
                Description = query.Description.Length > 1024 ? query.Description[..1024] : query.Description,
                Database = database,
                WorkGroup = workgroup.Name,
                QueryString = query.Sql,
            });
            named.AddDependency(workgroup.WorkGroup);
        }
    }

    /// <summary>Every Athena variant built into the app, by name.</summary>
    public static IReadOnlyList<AthenaQuery> All { get; } = Load();

    private static List<AthenaQuery> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return AthenaQuery.Parse(n, reader.ReadToEnd());
            })
            .ToList();
    }
}
