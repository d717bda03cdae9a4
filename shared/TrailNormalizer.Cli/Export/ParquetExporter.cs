using System.Globalization;
using TrailNormalizer.Cli.Query;

namespace TrailNormalizer.Cli.Export;

/// <summary>One class's exported files: where, and how many events.</summary>
public sealed record ExportedClass(int ClassUid, string Folder, long Rows);

/// <summary>
/// Writes the events of an evidence folder as Parquet, one folder of files per OCSF class, sorted by time
/// and typed by <see cref="OcsfParquetShape"/>, in Amazon Security Lake's partitions
/// (<c>region=/accountId=/eventDay=YYYYMMDD</c>, from the evidence partition and the event time). The class
/// folder is <c>CLASS/</c>, or for Security Lake <c>ext/SOURCE-CLASS/</c>: it takes one OCSF class per custom source.
/// DuckDB writes one file per partition and run (it cannot rotate files by size in a partitioned COPY).
/// </summary>
public static class ParquetExporter
{
    /// <summary>Rows per row group: large enough for column statistics and compression, small enough to stream.</summary>
    public const int RowGroupSize = 100_000;


    private const string FileNamePattern = "'trailnorm_{i}'";

    public static IReadOnlyList<ExportedClass> Export(string evidenceDir, string outDir, string? securityLakeSource)
    {
        using var database = EvidenceDatabase.Open(evidenceDir, outDir);
        var classes = new List<(int ClassUid, string Structure)>();
        using (var command = database.Command("SELECT class_uid, json_group_structure(event)::VARCHAR FROM events GROUP BY class_uid ORDER BY class_uid"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                classes.Add((reader.GetInt32(0), reader.GetString(1)));
            }
        }

        var exported = new List<ExportedClass>();
        foreach (var (classUid, structure) in classes)
        {
            if (!OcsfParquetShape.Knows(classUid))
            {
                throw new CliException($"export: no OCSF schema for class_uid {classUid}");
            }

            string view = EvidenceViews.ClassViews.First(c => c.ClassUid == classUid).View;
            string folder = securityLakeSource is null
                ? Path.Combine(outDir, view)
                : Path.Combine(outDir, "ext", securityLakeSource + "-" + view.Replace('_', '-'));
            string sql = $"""
                COPY (
                    SELECT * EXCLUDE (sort_time, sort_uid) FROM (
                        SELECT unnest(json_transform(event, {Sql.Literal(OcsfParquetShape.For(classUid, structure))})),
                               region, account AS accountId, strftime(time, '%Y%m%d') AS eventDay,
                               time AS sort_time, metadata_uid AS sort_uid
                        FROM events WHERE class_uid = {classUid.ToString(CultureInfo.InvariantCulture)})
                    ORDER BY sort_time, sort_uid)
                TO {Sql.Literal(folder)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (region, accountId, eventDay),
                    ROW_GROUP_SIZE {RowGroupSize.ToString(CultureInfo.InvariantCulture)}, FILENAME_PATTERN {FileNamePattern})
                """;
            Directory.CreateDirectory(folder);
            using var copy = database.Command(sql);
            long rows = copy.ExecuteNonQuery();
            exported.Add(new ExportedClass(classUid, folder, rows));
        }

        return exported;
    }
}
