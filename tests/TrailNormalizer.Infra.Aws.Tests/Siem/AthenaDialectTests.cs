using System.Collections;
using System.Globalization;
using TrailNormalizer.Cli.Query;
using TrailNormalizer.Infra.Aws.Siem;

namespace TrailNormalizer.Infra.Aws.Tests.Siem;

public sealed class AthenaDialectFixture : IDisposable
{
    public AthenaDialectFixture()
    {
        Evidence = new QueryEvidenceFolder();
        Athena = new AthenaEmulation(Evidence.Dir);
    }

    public QueryEvidenceFolder Evidence { get; }

    public AthenaEmulation Athena { get; }

    public void Dispose()
    {
        Athena.Dispose();
        Evidence.Dispose();
    }
}

/// <summary>
/// Each Athena variant returns what its DuckDB saved query returns (the one <c>trailnorm query --saved</c> runs) on the
/// same evidence: the same rows in the same order, column by column for every column the variant has.
/// </summary>
public sealed class AthenaDialectTests(AthenaDialectFixture fixture) : IClassFixture<AthenaDialectFixture>
{
    /// <summary>Saved query, its DuckDB parameters, and the Athena variant's positional parameters.</summary>
    public static TheoryData<string, string[], object[]> Pairs => new()
    {
        { "control-evidence", ["control=soc2:CC7.2"], ["soc2:CC7.2", "1970-01-01", "9999-12-31"] },
        { "control-evidence", ["control=soc2:CC6.1", "from=2026-05-11", "to=2026-05-12"], ["soc2:CC6.1", "2026-05-11", "2026-05-12"] },
        { "coverage-by-day", [], ["1970-01-01", "9999-12-31"] },
        { "failed-sign-ins-by-ip", [], ["1970-01-01", "9999-12-31", 1] },
        { "failed-sign-ins-by-ip", ["min_failures=2"], ["1970-01-01", "9999-12-31", 2] },
        { "incidents-over-time", [], ["day", "1970-01-01", "9999-12-31"] },
        { "incidents-over-time", ["period=hour", "from=2026-05-10", "to=2026-05-11"], ["hour", "2026-05-10", "2026-05-11"] },
        { "logging-tamper-timeline", [], ["1970-01-01", "9999-12-31"] },
        { "privilege-changes-by-actor", [], ["1970-01-01", "9999-12-31"] },
        { "root-activity", [], ["%break-glass%", "1970-01-01", "9999-12-31"] },
        { "sign-ins-without-mfa", [], ["Success", "1970-01-01", "9999-12-31"] },
        { "sign-ins-without-mfa", ["outcome=%"], ["%", "1970-01-01", "9999-12-31"] },
    };

    [Fact]
    public void Every_saved_query_has_an_Athena_variant_and_every_variant_is_compared()
    {
        SavedQueries.All.Select(q => q.Name).Should().BeEquivalentTo(SavedQueryCatalog.All.Select(q => q.Name));
        Pairs.Select(p => (string)p[0]).Distinct().Should().BeEquivalentTo(SavedQueries.All.Select(q => q.Name));
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_Athena_variant_returns_the_saved_querys_rows(string name, string[] duckDbParameters, object[] athenaParameters)
    {
        var expected = DuckDb(name, duckDbParameters);
        var actual = fixture.Athena.Run(SavedQueries.All.Single(q => q.Name == name).Sql, athenaParameters);

        expected.Should().NotBeEmpty($"the evidence must give {name} something to find");
        actual.Should().HaveSameCount(expected);
        for (int i = 0; i < expected.Count; i++)
        {
            foreach (var (column, value) in actual[i])
            {
                expected[i].Should().ContainKey(column, $"{name} row {i}");
                Text(column, value).Should().Be(Text(column, expected[i][column]), $"{name} row {i} column {column}");
            }
        }
    }

    [Fact]
    public void Manifest_rows_of_nulls_are_in_the_table_and_left_out_by_the_queries()
    {
        var nullRows = fixture.Athena.Run("SELECT count(*) AS n FROM events WHERE class_uid IS NULL");
        var coverage = fixture.Athena.Run(SavedQueries.All.Single(q => q.Name == "coverage-by-day").Sql, "1970-01-01", "9999-12-31");
        var all = fixture.Athena.Run("SELECT count(*) AS n FROM events WHERE class_uid IS NOT NULL");

        Convert.ToInt64(nullRows[0]["n"], CultureInfo.InvariantCulture).Should().BePositive();
        coverage.Sum(r => Convert.ToInt64(r["events"], CultureInfo.InvariantCulture)).Should().Be(Convert.ToInt64(all[0]["n"], CultureInfo.InvariantCulture));
    }

    private List<Dictionary<string, object?>> DuckDb(string name, string[] parameters)
    {
        var query = SavedQueryCatalog.Find(name)!;
        using var database = EvidenceDatabase.Open(fixture.Evidence.Dir);
        using var command = database.Command(query.Sql, query.Bind(parameters));
        return AthenaEmulation.Rows(command);
    }

    /// <summary>A value as comparable text; a batch as its key below the evidence root (Athena's <c>$path</c> is the whole location).</summary>
    private static string Text(string column, object? value) => value switch
    {
        null => "null",
        string s when column == "batch" => s[s.IndexOf("events/", StringComparison.Ordinal)..],
        string s => s,
        IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(v => Text("", v))) + "]",
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
        sbyte or byte or short or ushort or int or uint or long or ulong or System.Numerics.BigInteger => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
