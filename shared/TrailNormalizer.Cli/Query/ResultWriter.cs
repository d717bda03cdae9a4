using System.Data.Common;
using System.Text;
using System.Text.Json;

namespace TrailNormalizer.Cli.Query;

/// <summary>Writes a query result as an aligned table, CSV (RFC 4180, with a header), a JSON array or NDJSON.</summary>
public static class ResultWriter
{
    public static readonly string[] Formats = ["table", "csv", "json", "ndjson"];

    /// <summary>Cells wider than this are cut in the table (with "…"); the other formats never cut.</summary>
    public const int MaxTableCell = 80;

    /// <summary>Writes every row of <paramref name="reader"/>; columns in <paramref name="jsonColumns"/> hold JSON text. Returns the row count.</summary>
    public static long Write(DbDataReader reader, string format, TextWriter output, IReadOnlySet<string> jsonColumns) => format switch
    {
        "table" => Table(reader, output),
        "csv" => Csv(reader, output),
        "json" => Json(reader, output, jsonColumns, asArray: true),
        "ndjson" => Json(reader, output, jsonColumns, asArray: false),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
    };

    private static long Table(DbDataReader reader, TextWriter output)
    {
        var names = Names(reader);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[names.Length];
            for (int i = 0; i < row.Length; i++)
            {
                string text = (ResultValue.Text(reader.GetValue(i)) ?? "NULL").ReplaceLineEndings(" ");
                row[i] = text.Length > MaxTableCell ? text[..(MaxTableCell - 1)] + "…" : text;
            }

            rows.Add(row);
        }

        var widths = names.Select((n, i) => rows.Select(r => r[i].Length).Prepend(n.Length).Max()).ToArray();
        output.WriteLine(string.Join("  ", names.Select((n, i) => n.PadRight(widths[i]))).TrimEnd());
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, i) => IsNumeric(reader, i) ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]))).TrimEnd());
        }

        output.WriteLine(rows.Count == 1 ? "(1 row)" : $"({rows.Count} rows)");
        return rows.Count;
    }

    private static long Csv(DbDataReader reader, TextWriter output)
    {
        output.WriteLine(string.Join(",", Names(reader).Select(CsvField)));
        long count = 0;
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = CsvField(ResultValue.Text(reader.GetValue(i)) ?? "");
            }

            output.WriteLine(string.Join(",", fields));
            count++;
        }

        return count;
    }

    private static long Json(DbDataReader reader, TextWriter output, IReadOnlySet<string> jsonColumns, bool asArray)
    {
        var names = Names(reader);
        var isJson = names.Select(jsonColumns.Contains).ToArray();
        using var buffer = new MemoryStream();
        using var w = new Utf8JsonWriter(buffer);
        long count = 0;
        if (asArray)
        {
            output.Write('[');
        }

        while (reader.Read())
        {
            w.Reset();
            buffer.SetLength(0);
            w.WriteStartObject();
            for (int i = 0; i < names.Length; i++)
            {
                w.WritePropertyName(names[i]);
                ResultValue.Write(w, reader.GetValue(i), isJson[i]);
            }

            w.WriteEndObject();
            w.Flush();
            if (asArray && count > 0)
            {
                output.Write(',');
            }

            output.Write(asArray ? "\n" : "");
            output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            if (!asArray)
            {
                output.Write('\n');
            }

            count++;
        }

        if (asArray)
        {
            output.Write(count > 0 ? "\n]\n" : "]\n");
        }

        return count;
    }

    private static string[] Names(DbDataReader reader) => Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();

    private static bool IsNumeric(DbDataReader reader, int i) =>
        Type.GetTypeCode(reader.GetFieldType(i)) is >= TypeCode.SByte and <= TypeCode.Decimal;

    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
