using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using TrailNormalizer.Cli.Query;

namespace TrailNormalizer.Cli.Tests;

public class ExportCommandTests(QueryEvidence evidence) : IClassFixture<QueryEvidence>
{
    private static readonly string[] PartitionKeys = ["region", "accountId", "eventDay"];

    [Fact]
    public void Security_Lake_layout_has_one_source_per_class_and_reads_back_field_by_field()
    {
        string output = evidence.Temp("lake-" + Guid.NewGuid().ToString("N"));
        var run = CliRun.Of("export", evidence.Dir, "--format", "parquet", "--out", output, "--layout", "security-lake", "--source-name", "trailnorm");
        run.ExitCode.Should().Be(0, run.Error);

        var byClass = evidence.Events.GroupBy(e => e.GetProperty("class_uid").GetInt32()).ToDictionary(g => g.Key, g => g.ToList());
        byClass.Keys.Should().Contain([0, 2003, 2004, 3001, 3002, 6003]);
        var files = Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).ToList();
        files.Should().AllSatisfy(f => f.Should().MatchRegex(@"^ext/trailnorm-[a-z-]+/region=[A-Za-z0-9._-]+/accountId=[A-Za-z0-9._-]+/eventDay=20[0-9]{6}/trailnorm_[0-9]+\.parquet$"));
        var partitions = EvidencePartitions();
        foreach (var (classUid, events) in byClass)
        {
            string view = EvidenceViews.ClassViews.Single(c => c.ClassUid == classUid).View;
            string source = "trailnorm-" + view.Replace('_', '-');
            run.Out.Should().Contain($"{events.Count,10} events  ext/{source}/");

            var rows = ReadBack(Path.Combine(output, "ext", source));
            var expected = events.Select(e => Canonical(JsonNode.Parse(e.GetRawText())) + " @ " + partitions[e.GetRawText()]).Order(StringComparer.Ordinal);
            rows.Order(StringComparer.Ordinal).Should().Equal(expected, view);
        }
    }

    [Fact]
    public void Plain_layout_has_a_folder_per_class_and_types_follow_OCSF()
    {
        string output = evidence.Temp("plain-" + Guid.NewGuid().ToString("N"));
        CliRun.Of("export", evidence.Dir, "--out", output).ExitCode.Should().Be(0);

        Directory.GetFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).Should()
            .AllSatisfy(f => f.Should().MatchRegex(@"^[a-z_]+/region=[^/]+/accountId=[^/]+/eventDay=20[0-9]{6}/trailnorm_[0-9]+\.parquet$"));
        EvidenceViews.ClassViews.Sum(c => Directory.Exists(Path.Combine(output, c.View)) ? ReadBack(Path.Combine(output, c.View)).Count : 0)
            .Should().Be(evidence.Events.Count);
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet('{output}/authentication/**/*.parquet'))";
        var columns = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        columns.Should().Contain(["time BIGINT", "class_uid INTEGER", "type_uid BIGINT", "is_mfa BOOLEAN", "unmapped JSON", "raw_data VARCHAR"])
            .And.Contain(c => c.StartsWith("metadata STRUCT(", StringComparison.Ordinal) && c.Contains("labels VARCHAR[]", StringComparison.Ordinal));
    }

    [Fact]
    public void Export_refuses_unsafe_outputs_and_leaves_the_evidence_unchanged()
    {
        CliRun.Of("export", evidence.Dir, "--out", Path.Combine(evidence.Dir, "parquet")).Error.Should().Contain("must not be inside the evidence folder");
        CliRun.Of("export", evidence.Dir, "--out", evidence.Temp("x"), "--layout", "security-lake").Error.Should().Contain("needs --source-name");
        CliRun.Of("export", evidence.Dir, "--out", evidence.Temp("x"), "--layout", "security-lake", "--source-name", "../up").Error.Should().Contain("needs --source-name");
        CliRun.Of("export", evidence.Dir, "--out", evidence.Temp("x"), "--source-name", "a").ExitCode.Should().Be(2);
        CliRun.Of("export", evidence.Dir, "--out", evidence.Temp("x"), "--format", "csv").ExitCode.Should().Be(2);
        string output = evidence.Temp("twice-" + Guid.NewGuid().ToString("N"));
        CliRun.Of("export", evidence.Dir, "--out", output).ExitCode.Should().Be(0);
        CliRun.Of("export", evidence.Dir, "--out", output).Error.Should().Contain("is not empty");

        QueryEvidence.FolderDigest(evidence.Dir).Should().Be(evidence.Digest);
    }

    /// <summary>Each event line's evidence partition in the Security Lake spelling: region, account, day of its time.</summary>
    private Dictionary<string, string> EvidencePartitions()
    {
        var run = CliRun.Of("query", evidence.Dir, "select distinct event, region || '|' || account || '|' || strftime(time, '%Y%m%d') as p from events", "-f", "ndjson");
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("event").GetRawText(), r => r.GetProperty("p").GetString()!);
    }

    /// <summary>Every row of the Parquet files under <paramref name="folder"/> as canonical JSON, with its partition values.</summary>
    private static List<string> ReadBack(string folder)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT to_json(p)::VARCHAR FROM read_parquet('{folder}/**/*.parquet', hive_partitioning = true, hive_types_autocast = false) AS p
            """;
        var rows = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = JsonNode.Parse(reader.GetString(0))!.AsObject();
            string partition = string.Join("|", PartitionKeys.Select(key => (string)row[key]!));
            foreach (string key in PartitionKeys)
            {
                row.Remove(key);
            }

            rows.Add(Canonical(row) + " @ " + partition);
        }

        return rows;
    }

    /// <summary>JSON text with object keys sorted, nulls (absent attributes in Parquet) dropped and numbers as doubles.</summary>
    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString("R", CultureInfo.InvariantCulture),
        null => "null",
        _ => node.ToJsonString(),
    };
}
