using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;

namespace TrailNormalizer.Cli.Query;

/// <summary>
/// An in-memory DuckDB database whose views read an evidence folder's batch files. The evidence stays the
/// system of record: nothing is copied or written there. Extensions are never downloaded, and file access
/// is limited to the evidence folder (and, for exports, the output folder) before the user's SQL runs.
/// </summary>
public sealed class EvidenceDatabase : IDisposable
{
    private readonly DuckDBConnection _connection;

    private EvidenceDatabase(DuckDBConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Opens the evidence folder <paramref name="evidenceDir"/>; <paramref name="writableDir"/> is where COPY may write.</summary>
    public static EvidenceDatabase Open(string evidenceDir, string? writableDir = null)
    {
        string root = Path.GetFullPath(evidenceDir);
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var database = new EvidenceDatabase(connection);
        try
        {
            var allowed = new List<string> { root };
            if (writableDir is not null)
            {
                allowed.Add(Path.GetFullPath(writableDir));
            }

            database.Execute("SET TimeZone = 'UTC'");
            database.Execute("SET autoinstall_known_extensions = false");
            database.Execute("SET autoload_known_extensions = false");
            database.Execute($"SET allowed_directories = [{string.Join(", ", allowed.Select(d => Sql.Literal(d + "/")))}]");
            database.Execute("SET enable_external_access = false");
            foreach (string statement in EvidenceViews.Create(root))
            {
                database.Execute(statement);
            }

            database.Execute("SET lock_configuration = true");
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>A command for <paramref name="sql"/> with named parameters (<c>$name</c> in the SQL).</summary>
    public DbCommand Command(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters ?? new Dictionary<string, object?>())
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

    /// <summary>
    /// Null when <paramref name="sql"/> is only SELECT-like statements (SELECT, FROM…, WITH…, DESCRIBE, SHOW,
    /// SUMMARIZE), otherwise why not: DuckDB serializes nothing else, so COPY, ATTACH, SET, INSERT… are refused
    /// before anything runs and a query cannot write files, even into the evidence folder.
    /// </summary>
    public string? WhyNotReadOnly(string sql)
    {
        using var command = Command("SELECT json_serialize_sql(CAST($sql AS VARCHAR))::VARCHAR", new Dictionary<string, object?> { ["sql"] = sql });
        using var result = JsonDocument.Parse((string)command.ExecuteScalar()!);
        var root = result.RootElement;
        if (!root.GetProperty("error").GetBoolean())
        {
            return null;
        }

        string message = root.TryGetProperty("error_message", out var m) ? m.GetString() ?? "" : "";
        return root.TryGetProperty("error_type", out var type) && type.GetString() == "not implemented"
            ? "only SELECT queries are allowed (also FROM …, WITH …, DESCRIBE, SHOW, SUMMARIZE)"
            : message;
    }

    /// <summary>
    /// The names of the result columns of type JSON, written as JSON rather than as strings. The ADO.NET
    /// provider reports them as VARCHAR, so DuckDB is asked (DESCRIBE binds the query without running it);
    /// a statement it cannot describe (several statements, SHOW…) has none.
    /// </summary>
    public IReadOnlySet<string> JsonColumns(string sql, IReadOnlyDictionary<string, object?> parameters)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var command = Command("DESCRIBE " + sql, parameters);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetString(1) == "JSON")
                {
                    names.Add(reader.GetString(0));
                }
            }
        }
        catch (DuckDBException)
        {
            names.Clear();
        }

        return names;
    }

    public void Execute(string sql)
    {
        using var command = Command(sql);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
