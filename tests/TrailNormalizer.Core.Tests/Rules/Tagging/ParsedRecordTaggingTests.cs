using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;
using TrailNormalizer.Core.Tests.Mapping;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Tagging;

/// <summary>
/// Rules run on the record the router parsed (handed on with the event) and the match is written in one forward pass;
/// the bytes must be those of the old path, which parsed <c>raw_data</c> again and rewrote the parsed event.
/// </summary>
public class ParsedRecordTaggingTests
{
    private static readonly Lazy<SigmaRuleSet> Rules = new(() => SigmaRuleSet.Combine(BuiltInRules.Load(), MatchEverything()));

    [Fact]
    public void Every_fixture_tags_to_the_same_bytes_as_the_raw_data_path_with_rules_run_on_the_routed_record()
    {
        int tagged = 0;
        foreach (var (source, file) in GoldenFiles.AllCases())
        {
            var options = GoldenOptions.For(Path.Combine(RepoPaths.Fixtures, source));
            var untagged = Normalize.File(GoldenFiles.InputPath(source, file), options).Events;
            var routed = new CollectingSink();
            var probe = new RuleRecordProbe(new TaggingSink(new EventTagger(Rules.Value), routed));
            Route(GoldenFiles.InputPath(source, file), options, probe);

            probe.KindsWithoutRecord.Should().Be(0, $"{source}/{file}: every event of a rule kind arrives with its parsed record");
            routed.Events.Select(Text).Should().Equal(untagged.Select(e => Text(new DocumentRewriteTagger(Rules.Value).Tag(e))), $"{source}/{file}");
            routed.Events.Where(e => e.RoutedRecord?.Value != null).Should().BeEmpty("the parsed record is readable only while it is routed");
            tagged += routed.Events.Zip(untagged).Count(p => !p.First.Json.AsSpan().SequenceEqual(p.Second.Json));
        }

        tagged.Should().BeGreaterThan(200, "the catch-all rules match every event of a rule kind");
    }

    [Fact]
    public void A_rule_on_the_CloudTrail_record_matches_it_as_the_detail_of_an_EventBridge_event()
    {
        const string Record = """
            {"version":"0","id":"7f3c1a52-0000-4000-8000-00000000e001","detail-type":"AWS API Call via CloudTrail","source":"aws.iam",
             "account":"111122223333","time":"2026-11-20T08:15:00Z","region":"us-east-1","resources":[],
             "detail":{"eventVersion":"1.09","eventTime":"2026-11-20T08:15:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey",
              "awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2.15.0","eventID":"0b6e3f0a-0000-4000-8000-00000000e001",
              "userIdentity":{"type":"IAMUser","accountId":"111122223333","userName":"ci-deployer"},
              "requestParameters":{"userName":"ci-deployer"},"responseElements":null,"recipientAccountId":"111122223333"}}
            """;
        var rules = SigmaRuleLoader.LoadText(Rule("aws", "cloudtrail", "eventName: CreateAccessKey", "incident.credential_test", "soc2.cc6_1"));

        var ev = TagRouted(Record, rules);

        Labels(ev).Should().Equal("incident:credential-test", "control:soc2:CC6.1");
        Text(ev).Should().Be(Text(new DocumentRewriteTagger(rules).Tag(Untagged(Record))));
    }

    [Fact]
    public void A_rule_on_an_operation_name_matches_an_Activity_Log_record_in_the_REST_shape()
    {
        const string Record = """
            {"authorization":{"action":"Microsoft.Authorization/roleAssignments/write","scope":"/subscriptions/5a8e2c1d-0000-4000-8000-00000000a001"},
             "caller":"ops@contoso.example","channels":"Operation","correlationId":"3c9d2e4f-0000-4000-8000-00000000a001",
             "eventDataId":"8e1f3a5b-0000-4000-8000-00000000a001","eventTimestamp":"2026-11-20T09:00:00.1234567Z",
             "level":"Informational","operationId":"3c9d2e4f-0000-4000-8000-00000000a001",
             "operationName":{"value":"Microsoft.Authorization/roleAssignments/write","localizedValue":"Create role assignment"},
             "resourceGroupName":"rg-ops","resourceId":"/subscriptions/5a8e2c1d-0000-4000-8000-00000000a001/resourceGroups/rg-ops",
             "status":{"value":"Succeeded","localizedValue":"Succeeded"},"subStatus":{"value":"Created","localizedValue":"Created (HTTP Status Code: 201)"},
             "submissionTimestamp":"2026-11-20T09:00:30.0000000Z","subscriptionId":"5a8e2c1d-0000-4000-8000-00000000a001",
             "category":{"value":"Administrative","localizedValue":"Administrative"}}
            """;
        var rules = SigmaRuleLoader.LoadText(Rule("azure", "activitylogs", "operationName: Microsoft.Authorization/roleAssignments/write", "incident.privilege_test", "iso27001_2022.a_8_2"));

        var ev = TagRouted(Record, rules);

        Labels(ev).Should().Equal("incident:privilege-test", "control:iso27001-2022:A.8.2");
        Text(ev).Should().Be(Text(new DocumentRewriteTagger(rules).Tag(Untagged(Record))));
    }

    [Fact]
    public void A_match_keeps_existing_labels_and_enrichments_first_each_label_once_and_raises_severity()
    {
        var rules = SigmaRuleSet.Combine(
            SigmaRuleLoader.LoadText(Rule("aws", "cloudtrail", "eventName: PutBucketPolicy", "incident.exposure_test", "soc2.cc6_1", level: "high")),
            SigmaRuleLoader.LoadText(Rule("aws", "cloudtrail", "eventSource: s3.amazonaws.com", "incident.exposure_test", "soc2.cc7_2", level: "low")));
        string raw = """{"eventSource":"s3.amazonaws.com","eventName":"PutBucketPolicy","note":"caf\u00e9 + <b>"}""";
        string json = $$$"""
            {"activity_id":3,"severity_id":2,"severity":"Low","metadata":{"uid":"e-1","labels":["control:soc2:CC6.1","time:from-@timestamp","time:from-@timestamp"],"product":{"name":"CloudTrail"}},
             "enrichments":[{"name":"geo","value":"198.51.100.7","data":{"country":"NL"}}],"time":1763626500000,
             "raw_data":{{{JsonSerializer.Serialize(raw)}}},"unmapped":{"note":"a \"quoted\" tab\tand \u00e9"}}
            """.ReplaceLineEndings("");
        var ev = new NormalizedEvent(Encoding.UTF8.GetBytes(json), 6003, 1763626500000, new EvidencePartition("aws", "111122223333", "us-east-1"), "e-1")
        {
            Kind = SourceKind.CloudTrail,
        };

        var tagged = new EventTagger(rules).Tag(ev);

        Text(tagged).Should().Be(Text(new DocumentRewriteTagger(rules).Tag(ev)));
        Labels(tagged).Should().Equal("control:soc2:CC6.1", "time:from-@timestamp", "incident:exposure-test", "control:soc2:CC7.2");
        using var doc = JsonDocument.Parse(tagged.Json);
        doc.RootElement.GetProperty("severity_id").GetInt32().Should().Be(4);
        doc.RootElement.GetProperty("severity").GetString().Should().Be("High");
        doc.RootElement.GetProperty("enrichments").EnumerateArray().Select(e => e.GetProperty("name").GetString()).Should().Equal("geo", "sigma", "sigma");
    }

    [Fact]
    public void A_record_with_a_substituted_time_and_non_ASCII_text_tags_to_the_same_bytes_as_the_raw_data_path()
    {
        const string Record = """
            {"eventVersion":"1.09","eventTime":"1970-01-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey",
             "awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7","userAgent":"Bôto3/1.34 + <script>","eventID":"0b6e3f0a-0000-4000-8000-00000000e002",
             "userIdentity":{"type":"IAMUser","accountId":"111122223333","userName":"José"},"recipientAccountId":"111122223333"}
            """;
        var rules = SigmaRuleLoader.LoadText(Rule("aws", "cloudtrail", "eventName: CreateAccessKey", "incident.credential_test", "soc2.cc6_1"));

        var ev = TagRouted(Record, rules);

        Labels(ev).Should().Equal("time:substituted-with-received-time", "incident:credential-test", "control:soc2:CC6.1");
        Text(ev).Should().Be(Text(new DocumentRewriteTagger(rules).Tag(Untagged(Record))));
    }

    private static NormalizedEvent TagRouted(string record, SigmaRuleSet rules)
    {
        var sink = new CollectingSink();
        var router = new RecordRouter(InputLimits.Default, FixedTime.Default);
        router.Route(InputUnit.Value(Encoding.UTF8.GetBytes(record), "test.json"), new TaggingSink(new EventTagger(rules), sink));
        sink.Quarantine.Should().BeEmpty();
        return sink.Events.Single();
    }

    private static NormalizedEvent Untagged(string record) => Normalize.Text(record).Events.Single();

    private static void Route(string path, RecordHandlerOptions options, IRecordSink sink)
    {
        using var stream = InputFiles.Open(path);
        var limits = InputLimits.Default;
        var router = new RecordRouter(limits, FixedTime.Default, RecordHandlers.Default(options));
        NormalizationPipeline.ProcessStream(stream, Path.GetFileName(path), InputFiles.IsLineDelimited(path), router, sink, limits);
    }

    private static string Text(NormalizedEvent ev) => Encoding.UTF8.GetString(ev.Json);

    private static string[] Labels(NormalizedEvent ev)
    {
        using var doc = JsonDocument.Parse(ev.Json);
        return [.. doc.RootElement.GetProperty("metadata").GetProperty("labels").EnumerateArray().Select(l => l.GetString()!)];
    }

    private static string Rule(string product, string service, string selection, string category, string control, string level = "medium") => $"""
        title: Test rule {Guid.NewGuid():N}
        id: {Guid.NewGuid()}
        status: test
        author: TrailNormalizer tests
        tags:
            - {category}
            - {control}
        logsource:
            product: {product}
            service: {service}
        detection:
            selection:
                {selection}
            condition: selection
        level: {level}
        """;

    private static readonly string[] Logsources = ["product: aws\n    service: cloudtrail", "product: aws\n    service: eventbridge", "product: azure"];
    private static readonly string[] CatchAllControls = ["soc2.cc7_2", "iso27001_2022.a_8_16"];

    /// <summary>Two rules per rule family that match every record (a filter on a field no record has, negated), with a shared category.</summary>
    private static SigmaRuleSet MatchEverything() => SigmaRuleSet.Combine(
        from logsource in Logsources
        from tag in CatchAllControls
        select SigmaRuleLoader.LoadText($"""
            title: Every record ({tag})
            id: {Guid.NewGuid()}
            status: test
            author: TrailNormalizer tests
            tags:
                - incident.catch_all
                - {tag}
            logsource:
                {logsource}
            detection:
                nothing:
                    FieldNoRecordHas_7f3c: present
                condition: not nothing
            level: low
            """));

    /// <summary>Counts events of a rule kind that reach the tagger without their parsed record.</summary>
    private sealed class RuleRecordProbe(IRecordSink next) : IRecordSink
    {
        public int KindsWithoutRecord { get; private set; }

        public void Normalized(NormalizedEvent normalizedEvent)
        {
            KindsWithoutRecord += normalizedEvent.Kind is not null && normalizedEvent.RoutedRecord?.Value is null ? 1 : 0;
            next.Normalized(normalizedEvent);
        }

        public void Quarantined(QuarantineItem item) => next.Quarantined(item);

        public void Control(string kind, string source) => next.Control(kind, source);
    }
}
