using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrailNormalizer.Azure.Forwarding;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>The Log Analytics / Sentinel and findings-topic parts of the built ARM template, against what the handler sends.</summary>
public sealed partial class SiemTemplateTests
{
    private static BuiltTemplate Template => BuiltTemplate.Main;

    private static Dictionary<string, string> Columns => Template.Root["variables"]!["logColumns"]!.AsArray()
        .ToDictionary(c => c!["name"]!.ToString(), c => c!["type"]!.ToString(), StringComparer.Ordinal);

    [Fact]
    public void The_workspace_is_created_or_taken_with_the_custom_table_endpoint_and_rule()
    {
        Template.Root["parameters"]!["logAnalytics"]!["allowedValues"]!.AsArray().Select(v => v!.ToString()).Should().Equal("Create", "Existing", "None");
        Template.Root["parameters"]!["logAnalytics"]!["defaultValue"]!.ToString().Should().Be("Create");
        var workspace = Template.InModule("logWorkspace", "Microsoft.OperationalInsights/workspaces").Single();
        workspace.Text("properties.features.disableLocalAuth").Should().Be("true");

        var table = Template.InModule("logTable", "Microsoft.OperationalInsights/workspaces/tables").Single();
        table.Text("properties.plan").Should().Be("Analytics");
        Template.Root["variables"]!["names"]!["logTable"]!.ToString().Should().Be("TrailNormalizer_CL");
        Template.Root["resources"]!["logTable"]!["properties"]!["parameters"]!["columns"]!["value"]!.ToString().Should().Be("[variables('logColumns')]");

        Template.InModule("ingestion", "Microsoft.Insights/dataCollectionEndpoints").Should().ContainSingle();
        var rule = Template.InModule("ingestion", "Microsoft.Insights/dataCollectionRules").Single();
        rule.Text("properties.dataCollectionEndpointId").Should().Contain("Microsoft.Insights/dataCollectionEndpoints");
        rule.Properties["streamDeclarations"]!.AsObject().Single().Value!["columns"]!.ToString().Should().Be("[parameters('columns')]");
        var flow = rule.Properties["dataFlows"]!.AsArray().Single()!;
        flow["outputStream"]!.ToString().Should().Be("[format('Custom-{0}', parameters('tableName'))]");
        flow["transformKql"]!.ToString().Should().StartWith("source");
        Template.Root["resources"]!["ingestion"]!["properties"]!["parameters"]!["columns"]!["value"]!.ToString().Should().Be("[variables('logColumns')]");
        Template.Root["variables"]!["names"]!["logStream"]!.ToString().Should().Be("Custom-TrailNormalizer", "the handler's default TRAILNORM_LOGS_STREAM");
    }

    [Fact]
    public void Every_column_a_row_carries_is_declared_with_a_matching_type_and_TimeGenerated_is_a_datetime()
    {
        string line = """
            {"class_uid":3002,"class_name":"Authentication","category_name":"Identity & Access Management","activity_name":"Logon","severity_id":1,"severity":"Informational","status_id":2,"status":"Failure","time":1773479700000,"metadata":{"uid":"u","product":{"name":"Microsoft Entra ID"},"labels":["incident:credential-access","control:soc2:CC6.1"]},"actor":{"user":{"name":"a","uid":"b","type":"User"}},"user":{"name":"c"},"src_endpoint":{"ip":"203.0.113.5"},"api":{"operation":"Sign-in activity"},"cloud":{"provider":"Azure","region":"global","account":{"uid":"t"}},"finding_info":{"title":"x"}}
            """.Trim();
        using var row = JsonDocument.Parse(LogAnalyticsRow.From(Encoding.UTF8.GetBytes(line), "events/b.ndjson.gz"));
        using var big = JsonDocument.Parse(LogAnalyticsRow.From(Encoding.UTF8.GetBytes($$"""{"time":1,"raw_data":"{{new string('r', 70_000)}}"}"""), "events/b.ndjson.gz"));
        var columns = Columns;

        foreach (var property in row.RootElement.EnumerateObject().Concat(big.RootElement.EnumerateObject()))
        {
            columns.Should().ContainKey(property.Name);
            string expected = property.Value.ValueKind switch
            {
                JsonValueKind.Number => "int|long",
                JsonValueKind.Array or JsonValueKind.Object => "dynamic",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => "string|datetime",
            };
            expected.Split('|').Should().Contain(columns[property.Name], property.Name);
        }

        columns["TimeGenerated"].Should().Be("datetime");
        columns.Keys.Should().BeEquivalentTo(row.RootElement.EnumerateObject().Select(p => p.Name).Append("event_omitted").Distinct(), "no declared column is left unused");
    }

    [Fact]
    public void The_saved_queries_are_the_saved_SQL_queries_translated_to_KQL_functions()
    {
        var sqlNames = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "schemas", "queries"), "*.sql").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        var saved = Template.ModuleTemplate("logTable")["variables"]!["savedQueries"]!.AsArray();

        saved.Select(q => q!["name"]!.ToString()).Order().Should().Equal(sqlNames);
        foreach (var query in saved)
        {
            string kql = Template.Resolve("logTable", query!["query"]!).ToString();
            kql.Should().StartWith("TrailNormalizer_CL", query["name"]!.ToString());
            foreach (Match parameter in FunctionParameter().Matches(query["parameters"]!.ToString()))
            {
                kql.Should().Contain(parameter.Groups[1].Value, $"{query["name"]} uses its parameter {parameter.Groups[1].Value}");
            }
        }

        var search = Template.InModule("logTable", "Microsoft.OperationalInsights/workspaces/savedSearches").Single();
        search.Text("properties.functionAlias").Should().Contain("TrailNormalizer_");
        search.Text("properties.functionParameters").Should().NotBeEmpty();
    }

    [Fact]
    public void The_queries_only_name_columns_of_the_table()
    {
        var columns = Columns.Keys.ToHashSet(StringComparer.Ordinal);
        var known = new HashSet<string>(StringComparer.Ordinal) { "event_omitted" };
        foreach (string file in Directory.EnumerateFiles(Path.Combine(InfraPaths.AzureDirectory, "queries"), "*.kql"))
        {
            string kql = File.ReadAllText(file);
            // Every snake_case word that looks like an OCSF column must be one (aliases the query defines are allowed).
            var defined = Alias().Matches(kql).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var unknown = ColumnLike().Matches(kql).Select(m => m.Value)
                .Where(w => !columns.Contains(w) && !defined.Contains(w) && !known.Contains(w) && !KqlWords.Contains(w)).Distinct().ToList();
            unknown.Should().BeEmpty(Path.GetFileName(file));
        }
    }

    [Fact]
    public void Sentinel_is_optional_with_one_scheduled_rule_per_incident_category()
    {
        Template.Root["parameters"]!["enableSentinel"]!["defaultValue"]!.GetValue<bool>().Should().BeFalse();
        Template.Root["resources"]!["sentinel"]!["condition"]!.ToString().Should().Contain("parameters('enableSentinel')");
        var categories = Directory.EnumerateDirectories(Path.Combine(RepoPaths.Root, "schemas", "rules", "azure"))
            .Concat(Directory.EnumerateDirectories(Path.Combine(RepoPaths.Root, "schemas", "rules", "aws")))
            .Select(Path.GetFileName).Distinct().Order().ToList();

        var declared = Template.ModuleTemplate("sentinel")["variables"]!["categories"]!.AsArray().Select(c => c!["name"]!.ToString()).Order().ToList();

        declared.Should().Equal(categories);
        Template.InModule("sentinel", "Microsoft.SecurityInsights/onboardingStates").Should().ContainSingle();
        var rule = Template.InModule("sentinel", "Microsoft.SecurityInsights/alertRules").Single();
        rule.Text("kind").Should().Be("Scheduled");
        rule.Text("properties.query").Should().Be("[replace(variables('$fxv#0'), '{category}', variables('categories')[copyIndex()].name)]");
        Template.ModuleTemplate("sentinel")["variables"]!["$fxv#0"]!.ToString().Should().Contain("set_has_element(incidents, \"{category}\")");
        rule.Text("properties.triggerOperator").Should().Be("GreaterThan");
    }

    [Fact]
    public void The_findings_topic_takes_CloudEvents_and_only_Entra_tokens()
    {
        var topic = Template.InModule("findingsTopic", "Microsoft.EventGrid/topics").Single();

        topic.Text("properties.inputSchema").Should().Be("CloudEventSchemaV1_0");
        topic.Text("properties.disableLocalAuth").Should().Be("true");
        topic.Text("properties.minimumTlsVersionAllowed").Should().Be("1.2");
        Template.Root["parameters"]!["publishFindings"]!["defaultValue"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public void The_app_gets_exactly_the_outbound_settings_the_handler_reads()
    {
        var passed = Template.Root["resources"]!["functionApp"]!["properties"]!["parameters"]!["outboundSettings"]!["value"]!.AsArray()
            .Select(s => s!["name"]!.ToString()).ToList();
        string source = File.ReadAllText(Path.Combine(RepoPaths.Root, "functions-azure", "TrailNormalizer.Azure", "Forwarding", "OutboundSettings.cs"));
        var read = SettingName().Matches(source).Select(m => m.Value).Distinct().ToList();

        passed.Should().OnlyContain(name => read.Contains(name));
        read.Except(passed).Should().BeEquivalentTo(
            ["TRAILNORM_FORWARD_MAX_BATCHES", "TRAILNORM_WITNESS_CONNECTION_STRING", "TRAILNORM_WITNESS_CONTAINER", "TRAILNORM_DEVELOPMENT_MODE"],
            "only the run bound (default) and the development-only witness settings are not deployed (development mode is named in a message)");
    }

    private static readonly HashSet<string> KqlWords = new(StringComparer.Ordinal)
    {
        "set_has_element", "make_set", "to_string", "min_failures", "break_glass", "activity_id", "is_mfa",
    };

    [GeneratedRegex(@"\b[a-z]+(?:_[a-z]+)+\b")]
    private static partial Regex ColumnLike();

    [GeneratedRegex(@"\b([a-z_]+)\s*=(?!=)")]
    private static partial Regex Alias();

    [GeneratedRegex(@"(\w+):\w+")]
    private static partial Regex FunctionParameter();

    [GeneratedRegex("TRAILNORM_[A-Z_]+")]
    private static partial Regex SettingName();
}
