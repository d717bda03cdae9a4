using System.Text;
using DuckDB.NET.Data;
using TrailNormalizer.Infra.Aws.Siem;

namespace TrailNormalizer.Infra.Aws.Tests.Siem;

/// <summary>
/// The Glue <c>events</c> table rebuilt in DuckDB from the same column definitions the CDK app deploys: every batch line
/// read into those typed columns (keys without a column dropped, as the JSON SerDe does), the key's partitions as the
/// <c>p_</c> columns, the object key as <c>$path</c>, and one row of nulls per partition for the manifests Athena also
/// reads. The few Trino functions the Athena variants use that DuckDB names differently are defined as macros, so
/// the variants run here unchanged, with their <c>?</c> parameters bound in order.
/// </summary>
public sealed class AthenaEmulation : IDisposable
{
    private static readonly string[] TrinoShims =
    [
        "CREATE MACRO from_unixtime(seconds) AS make_timestamp(CAST(round(seconds * 1000000) AS BIGINT))",
    ];

    private readonly DuckDBConnection _connection = new("DataSource=:memory:");

    public AthenaEmulation(string evidenceDir)
    {
        _connection.Open();
        Execute("SET TimeZone = 'UTC'");
        foreach (string shim in TrinoShims)
        {
            Execute(shim);
        }

        string columns = string.Join(", ", EventsTableSchema.Columns.Select(c => $"e.\"{c.Name}\" AS \"{c.Name}\""));
        string partitions = string.Join(", ", EventsTableSchema.Partitions.Select(p => $"{p.KeyName} AS {p.Column}"));
        string hiveTypes = string.Join(", ", EventsTableSchema.Partitions.Select(p => $"{p.KeyName}: 'VARCHAR'"));
        string glob = Path.Combine(Path.GetFullPath(evidenceDir), "events", "**", "*.ndjson.gz").Replace("'", "''", StringComparison.Ordinal);
        Execute($$"""
            CREATE TABLE events AS
            SELECT {{columns}}, {{partitions}}, filename AS "$path"
            FROM (SELECT json_transform(json, '{{Shape()}}') AS e, *
                  FROM read_json('{{glob}}', format = 'newline_delimited', records = false, columns = {'json': 'JSON'},
                                 compression = 'gzip', filename = true, hive_partitioning = true, hive_types = {{{hiveTypes}}}))
            """);
        string partitionColumns = string.Join(", ", EventsTableSchema.Partitions.Select(p => p.Column));
        Execute($"INSERT INTO events ({partitionColumns}) SELECT DISTINCT {partitionColumns} FROM events");
    }

    /// <summary>Runs an Athena variant with positional parameters; each row as column name → value.</summary>
    public List<Dictionary<string, object?>> Run(string sql, params object[] parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(value));
        }

        return Rows(command);
    }

    public static List<Dictionary<string, object?>> Rows(System.Data.Common.DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>The Hive column types as a DuckDB <c>json_transform</c> structure.</summary>
    private static string Shape()
    {
        var text = new StringBuilder("{");
        foreach (var column in EventsTableSchema.Columns)
        {
            text.Append(text.Length > 1 ? "," : "").Append('"').Append(column.Name).Append("\":");
            int at = 0;
            AppendType(column.HiveType, ref at, text);
        }

        return text.Append('}').ToString();
    }

    private static void AppendType(string hive, ref int at, StringBuilder text)
    {
        string word = Word(hive, ref at);
        if (word == "struct")
        {
            at++; // '<'
            text.Append('{');
            do
            {
                text.Append(text[^1] == '{' ? "" : ",").Append('"').Append(Word(hive, ref at)).Append("\":");
                at++; // ':'
                AppendType(hive, ref at, text);
            }
            while (hive[at++] == ','); // ',' before the next field, or the closing '>'

            text.Append('}');
        }
        else if (word == "array")
        {
            at++; // '<'
            text.Append('[');
            AppendType(hive, ref at, text);
            at++; // '>'
            text.Append(']');
        }
        else
        {
            text.Append('"').Append(word switch
            {
                "string" => "VARCHAR",
                "int" => "INTEGER",
                "bigint" => "BIGINT",
                "boolean" => "BOOLEAN",
                _ => throw new NotSupportedException($"Hive type '{word}' has no DuckDB mapping here"),
            }).Append('"');
        }
    }

    private static string Word(string hive, ref int at)
    {
        int start = at;
        while (at < hive.Length && (char.IsAsciiLetterOrDigit(hive[at]) || hive[at] == '_'))
        {
            at++;
        }

        return hive[start..at];
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
