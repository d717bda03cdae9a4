using System.Globalization;
using System.Text.Json;
using TrailNormalizer.Cli.Query;

namespace TrailNormalizer.Cli.Tests;

public class QueryCommandTests(QueryEvidence evidence) : IClassFixture<QueryEvidence>
{
    [Fact]
    public void Count_of_events_equals_the_summarys_normalized_plus_findings_and_quarantine_its_quarantined()
    {
        (evidence.Normalized + evidence.Findings).Should().Be(evidence.Events.Count, "every stored line is a normalized record or an escalated finding");
        evidence.Normalized.Should().BeGreaterThan(50);
        evidence.Findings.Should().BeGreaterThan(0);
        evidence.Quarantined.Should().BeGreaterThan(0);

        Scalar("select count(*) from events").Should().Be((evidence.Normalized + evidence.Findings).ToString(CultureInfo.InvariantCulture));
        Scalar("select count(*) from events where metadata_product_name <> 'TrailNormalizer'").Should().Be(evidence.Normalized.ToString(CultureInfo.InvariantCulture));
        Scalar("select count(*) from quarantine").Should().Be(evidence.Quarantined.ToString(CultureInfo.InvariantCulture));
        Scalar("select count(*) from quarantine where reason is null or raw is null").Should().Be("0");
    }

    [Fact]
    public void Typed_columns_hold_the_events_own_values()
    {
        var rows = Rows("""
            select metadata_uid, epoch_ms(time) as ms, class_uid, activity_id, severity_id, status_id, metadata_product_name, labels,
                   actor_user_name, src_endpoint_ip, api_operation, cloud_account_uid, cloud_region, cloud, account, region, date, hour, batch, event
            from events
            """);

        rows.Select(r => r.GetProperty("event").GetRawText()).Order(StringComparer.Ordinal).Should()
            .Equal(evidence.Events.Select(e => e.GetRawText()).Order(StringComparer.Ordinal), "the event column is the line cat prints");
        foreach (var row in rows)
        {
            var e = row.GetProperty("event");
            Str(row, "metadata_uid").Should().Be(Str(e, "metadata", "uid"));
            row.GetProperty("ms").GetInt64().Should().Be(e.GetProperty("time").GetInt64());
            row.GetProperty("class_uid").GetInt32().Should().Be(e.GetProperty("class_uid").GetInt32());
            row.GetProperty("activity_id").GetInt32().Should().Be(e.GetProperty("activity_id").GetInt32());
            row.GetProperty("severity_id").GetInt32().Should().Be(e.GetProperty("severity_id").GetInt32());
            Str(row, "metadata_product_name").Should().Be(Str(e, "metadata", "product", "name"));
            Str(row, "actor_user_name").Should().Be(Str(e, "actor", "user", "name"));
            Str(row, "src_endpoint_ip").Should().Be(Str(e, "src_endpoint", "ip"));
            Str(row, "api_operation").Should().Be(Str(e, "api", "operation"));
            Str(row, "cloud_account_uid").Should().Be(Str(e, "cloud", "account", "uid"));
            Str(row, "cloud_region").Should().Be(Str(e, "cloud", "region"));
            row.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Should().Equal(Labels(e));

            string batch = Str(row, "batch")!;
            batch.Should().StartWith($"events/cloud={Str(row, "cloud")}/account={Str(row, "account")}/region={Str(row, "region")}/date={Str(row, "date")}/hour={Str(row, "hour")}/")
                .And.EndWith(".ndjson.gz");
            Str(row, "date").Should().Be(DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("time").GetInt64()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            File.Exists(Path.Combine(evidence.Dir, batch)).Should().BeTrue();
        }
    }

    [Fact]
    public void Each_class_view_holds_exactly_the_events_of_its_class()
    {
        foreach (var (view, classUid, _) in EvidenceViews.ClassViews)
        {
            int expected = evidence.Events.Count(e => e.GetProperty("class_uid").GetInt32() == classUid);
            Scalar($"select count(*) from {view}").Should().Be(expected.ToString(CultureInfo.InvariantCulture), view);
        }

        evidence.Events.Select(e => e.GetProperty("class_uid").GetInt32()).Distinct().Should().HaveCountGreaterThan(3);
        int findings = evidence.Events.Count(e => e.GetProperty("class_uid").GetInt32() is 2002 or 2003 or 2004 or 2006);
        Scalar("select count(*) from findings").Should().Be(findings.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Saved_logging_tamper_timeline_returns_exactly_the_events_labelled_logging_tamper_in_time_order()
    {
        var expected = evidence.Events.Where(e => Labels(e).Contains("incident:logging-tamper"))
            .OrderBy(e => e.GetProperty("time").GetInt64()).Select(e => Str(e, "metadata", "uid")).ToList();
        expected.Should().HaveCountGreaterThan(3);

        Saved("logging-tamper-timeline").Select(r => Str(r, "metadata_uid")).Should().Equal(expected);
        Saved("logging-tamper-timeline", "from=2026-04-03T11:00:00Z", "to=2026-04-05T11:00:00Z").Select(r => Str(r, "metadata_uid")).Should().Equal("q-30");
    }

    [Fact]
    public void Saved_control_evidence_returns_the_events_citing_the_control_in_the_period()
    {
        long from = DateTimeOffset.Parse("2026-03-01T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        long to = DateTimeOffset.Parse("2026-04-04T00:00:00Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();
        var expected = evidence.Events
            .Where(e => Labels(e).Contains("control:soc2:CC7.2") && e.GetProperty("time").GetInt64() >= from && e.GetProperty("time").GetInt64() < to)
            .Select(e => Str(e, "metadata", "uid")).Order(StringComparer.Ordinal).ToList();
        expected.Should().Contain("q-30").And.NotContain("q-31");

        Saved("control-evidence", "control=soc2:CC7.2", "from=2026-03-01", "to=2026-04-04").Select(r => Str(r, "metadata_uid"))
            .Order(StringComparer.Ordinal).Should().Equal(expected);
    }

    [Fact]
    public void Parameters_are_bound_not_spliced_into_the_SQL()
    {
        Saved("control-evidence", "control=x' OR true OR '1'='1").Should().BeEmpty();
        var rootOnly = Saved("root-activity").Where(r => Str(r, "kind") == "root").Select(r => Str(r, "metadata_uid")).ToList();
        rootOnly.Should().Contain(["q-01", "q-02"]);
        Saved("root-activity", "break_glass=%' OR true --").Select(r => Str(r, "metadata_uid")).Should().Equal(rootOnly);
    }

    [Fact]
    public void Saved_root_activity_finds_the_root_user_and_break_glass_identities()
    {
        var rows = Saved("root-activity");

        rows.Select(r => (Str(r, "metadata_uid"), Str(r, "kind"))).Should().Contain([("q-01", "root"), ("q-02", "root"), ("q-50", "break-glass")]);
        var rootUids = evidence.Events.Where(e => Str(e, "actor", "user", "name") == "root" && Str(e, "actor", "user", "type") == "Admin")
            .Select(e => Str(e, "metadata", "uid"));
        rows.Where(r => Str(r, "kind") == "root").Select(r => Str(r, "metadata_uid")).Should().BeEquivalentTo(rootUids);
    }

    [Fact]
    public void Saved_sign_ins_without_mfa_lists_console_and_Entra_sign_ins_whose_mfa_is_not_true()
    {
        var expected = evidence.Events
            .Where(e => e.GetProperty("class_uid").GetInt32() == 3002 && e.GetProperty("activity_id").GetInt32() == 1
                && (Str(e, "api", "operation") == "ConsoleLogin" || Str(e, "metadata", "product", "name") == "Microsoft Entra ID")
                && !(e.TryGetProperty("is_mfa", out var mfa) && mfa.ValueKind == JsonValueKind.True))
            .ToList();

        Saved("sign-ins-without-mfa", "outcome=%").Select(r => Str(r, "metadata_uid")).Should()
            .BeEquivalentTo(expected.Select(e => Str(e, "metadata", "uid")));
        Saved("sign-ins-without-mfa").Select(r => Str(r, "metadata_uid")).Should()
            .BeEquivalentTo(expected.Where(e => Str(e, "status") == "Success").Select(e => Str(e, "metadata", "uid"))).And.Contain(["q-01", "q-21"]);
    }

    [Fact]
    public void Saved_failed_sign_ins_by_ip_counts_failures_and_identities_per_source()
    {
        var expected = evidence.Events.Where(e => e.GetProperty("class_uid").GetInt32() == 3002 && e.GetProperty("status_id").GetInt32() == 2)
            .GroupBy(e => Str(e, "src_endpoint", "ip") ?? "unknown")
            .ToDictionary(g => g.Key, g => (g.Count(), g.Select(e => Str(e, "user", "name")).Distinct().Count()));
        expected["192.0.2.99"].Should().Be((3, 2));

        var rows = Saved("failed-sign-ins-by-ip");
        rows.ToDictionary(r => Str(r, "src_endpoint_ip")!, r => (r.GetProperty("failures").GetInt32(), r.GetProperty("identities").GetInt32()))
            .Should().BeEquivalentTo(expected);
        Str(rows[0], "src_endpoint_ip").Should().Be("192.0.2.99");
        Saved("failed-sign-ins-by-ip", "min_failures=2").Select(r => Str(r, "src_endpoint_ip")).Should().Equal("192.0.2.99");
    }

    [Fact]
    public void Saved_privilege_changes_by_actor_groups_the_privilege_change_events()
    {
        var expected = evidence.Events.Where(e => Labels(e).Contains("incident:privilege-change"))
            .GroupBy(e => Str(e, "actor", "user", "name") ?? Str(e, "actor", "user", "uid") ?? "unknown")
            .ToDictionary(g => g.Key, g => g.Count());
        expected["alice"].Should().Be(2);

        Saved("privilege-changes-by-actor").ToDictionary(r => Str(r, "actor")!, r => r.GetProperty("changes").GetInt32()).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Saved_incidents_over_time_and_coverage_by_day_count_what_cat_shows()
    {
        var perDay = evidence.Events.SelectMany(e => Labels(e).Where(l => l.StartsWith("incident:", StringComparison.Ordinal))
                .Select(l => (Day(e) + "T00:00:00Z", l["incident:".Length..])))
            .GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        Saved("incidents-over-time").ToDictionary(r => (Str(r, "period")!, Str(r, "incident")!), r => r.GetProperty("events").GetInt32())
            .Should().BeEquivalentTo(perDay);

        var rows = Saved("coverage-by-day");
        rows.Sum(r => r.GetProperty("events").GetInt32()).Should().Be(evidence.Events.Count);
        var trail = rows.Where(r => Str(r, "account") == "444455556666").ToList();
        var trailPerDay = evidence.Events.Where(e => Str(e, "cloud", "account", "uid") == "444455556666")
            .GroupBy(Day).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count(), 0)).ToList();
        trailPerDay.Select(d => d.Key).Should().Equal("2026-04-01", "2026-04-02", "2026-04-03", "2026-04-04", "2026-04-05");
        trail.Select(r => (Str(r, "day"), r.GetProperty("events").GetInt32(), r.GetProperty("empty_days_before").GetInt32()))
            .Should().Equal(trailPerDay.Select(d => ((string?)d.Key, d.Item2, d.Item3)));
    }

    [Fact]
    public void Every_saved_query_is_listed_and_runs()
    {
        var list = CliRun.Of("query", "--list");
        list.ExitCode.Should().Be(0);
        var files = Directory.GetFiles(Path.Combine(TestSupport.RepoPaths.Root, "schemas", "queries"), "*.sql").Select(Path.GetFileNameWithoutExtension).ToList();
        files.Should().HaveCountGreaterThanOrEqualTo(8);
        foreach (string name in files!)
        {
            list.Out.Should().Contain(name + "  ");
            var query = SavedQueryCatalog.Find(name!);
            query.Should().NotBeNull(name);
            string[] args = query!.Parameters.Where(p => p.Default is null).Select(p => $"{p.Name}=soc2:CC6.1").ToArray();
            var run = CliRun.Of(["query", evidence.Dir, "--saved", name!, "--format", "json", .. args.SelectMany(a => new[] { "--param", a })]);
            run.ExitCode.Should().Be(0, run.Error);
        }
    }

    [Fact]
    public void Bad_SQL_is_one_error_line_and_a_failure_exit_without_a_stack_trace()
    {
        foreach (string sql in new[] { "selec 1", "select * from no_such_view", "select cast('x' as integer)" })
        {
            var run = CliRun.Of("query", evidence.Dir, sql);
            run.ExitCode.Should().Be(1, sql);
            run.Error.TrimEnd('\n').Should().StartWith("trailnorm: error: query: ").And.NotContain("\n").And.NotContain("   at ");
        }
    }

    [Fact]
    public void Queries_cannot_write_and_the_evidence_is_unchanged()
    {
        string target = Path.Combine(evidence.Dir, "events", "copy.csv");
        foreach (string sql in new[] { $"copy (select 1) to '{target}'", "attach 'x.db'", "set enable_external_access = true", "select 1; copy events to 'e.csv'" })
        {
            var run = CliRun.Of("query", evidence.Dir, sql);
            run.ExitCode.Should().Be(1, sql);
            run.Error.Should().Contain("only SELECT queries are allowed");
        }

        CliRun.Of("query", evidence.Dir, "select * from read_text('/etc/hostname')").Error.Should().Contain("Permission Error");
        File.Exists(target).Should().BeFalse();
        CliRun.Of("query", evidence.Dir, "select * from events", "--format", "csv").ExitCode.Should().Be(0);
        QueryEvidence.FolderDigest(evidence.Dir).Should().Be(evidence.Digest);
    }

    [Fact]
    public void Parameters_are_checked_before_anything_runs()
    {
        CliRun.Of("query", evidence.Dir, "--saved", "control-evidence").Error.Should().Contain("needs --param control=");
        CliRun.Of("query", evidence.Dir, "--saved", "control-evidence", "--param", "control=a", "--param", "nope=1").Error.Should().Contain("takes control=… [from=…] [to=…]");
        CliRun.Of("query", evidence.Dir, "--saved", "control-evidence", "--param", "control=a", "--param", "from=yesterday").Error.Should().Contain("not an ISO 8601 time");
        CliRun.Of("query", evidence.Dir, "--saved", "no-such-query").Error.Should().Contain("no saved query 'no-such-query'");
        CliRun.Of("query", evidence.Dir, "select 1", "--param", "a=b").ExitCode.Should().Be(2);
        CliRun.Of("query", evidence.Dir + "-missing", "select 1").Error.Should().Contain("evidence folder not found");
    }

    [Fact]
    public void Output_formats_are_a_table_csv_json_and_ndjson()
    {
        const string sql = "select class_uid, count(*) as n, list(distinct cloud order by cloud) as clouds from events group by 1 order by 1";
        var expected = evidence.Events.GroupBy(e => e.GetProperty("class_uid").GetInt32()).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();

        var table = CliRun.Of("query", evidence.Dir, sql).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        table[0].Should().MatchRegex("^class_uid +n +clouds$");
        table[1].Should().MatchRegex("^-+ +-+ +-+$");
        table[^1].Should().Be($"({expected.Count} rows)");
        table[2].Should().StartWith(expected[0].Key.ToString(CultureInfo.InvariantCulture).PadLeft("class_uid".Length) + "  ", "numbers are right-aligned");

        var csv = CliRun.Of("query", evidence.Dir, sql, "--format", "csv").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        csv[0].Should().Be("class_uid,n,clouds");
        csv.Skip(1).Select(l => l[..l.IndexOf(",\"", StringComparison.Ordinal)]).Should().Equal(expected.Select(x => $"{x.Key},{x.Item2}"));
        csv[1].Should().MatchRegex("^[0-9]+,[0-9]+,\"\\[\"\"a[a-z]+\"\"(,\"\"azure\"\")?\\]\"$", "a list is one quoted JSON field");

        using var json = JsonDocument.Parse(CliRun.Of("query", evidence.Dir, sql, "--format", "json").Out);
        json.RootElement.EnumerateArray().Select(r => (r.GetProperty("class_uid").GetInt32(), r.GetProperty("n").GetInt32())).Should().Equal(expected);

        var ndjson = CliRun.Of("query", evidence.Dir, sql, "--format", "ndjson").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        ndjson.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("clouds").ValueKind).Should().AllBeEquivalentTo(JsonValueKind.Array).And.HaveCount(expected.Count);
        CliRun.Of("query", evidence.Dir, "select 1", "--format", "xml").ExitCode.Should().Be(2);
    }

    [Fact]
    public void A_folder_without_quarantine_or_events_still_has_every_view()
    {
        Directory.CreateDirectory(evidence.Temp("empty"));
        CliRun.Of("query", evidence.Temp("empty"), "select (select count(*) from events) + (select count(*) from quarantine) + (select count(*) from authentication) as n", "-f", "csv")
            .Out.Should().Be("n\n0\n");
    }

    private string? Scalar(string sql)
    {
        var run = CliRun.Of("query", evidence.Dir, sql, "--format", "csv");
        run.ExitCode.Should().Be(0, run.Error);
        return run.Out.Split('\n')[1];
    }

    private List<JsonElement> Rows(string sql)
    {
        var run = CliRun.Of("query", evidence.Dir, sql, "--format", "ndjson");
        run.ExitCode.Should().Be(0, run.Error);
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    private List<JsonElement> Saved(string name, params string[] parameters)
    {
        var run = CliRun.Of(["query", evidence.Dir, "--saved", name, "--format", "ndjson", .. parameters.SelectMany(p => new[] { "--param", p })]);
        run.ExitCode.Should().Be(0, run.Error);
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    private static string Day(JsonElement e) =>
        DateTimeOffset.FromUnixTimeMilliseconds(e.GetProperty("time").GetInt64()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<string> Labels(JsonElement e) =>
        e.GetProperty("metadata").TryGetProperty("labels", out var labels) ? labels.EnumerateArray().Select(l => l.GetString()!).ToList() : [];

    private static string? Str(JsonElement e, params string[] path)
    {
        foreach (string p in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(p, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.Null ? null : e.ToString();
    }
}
