using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;
using TrailNormalizer.Core.Rules.Tagging;
using TrailNormalizer.Core.Tests.Schemas;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Escalation;

/// <summary>Tagged events whose rules reach the escalation level become OCSF Detection Findings stored with the events.</summary>
public sealed class FindingSinkTests
{
    private static readonly Lazy<SigmaRuleSet> Rules = new(BuiltInRules.Load);
    private static readonly Lazy<OcsfSchemaValidator> Validator = new(() => OcsfSchemaValidator.LoadFrom(OcsfSchemaValidator.FindRepoSchemasDirectory()));

    private static string Probe(string name) => Path.Combine(RepoPaths.Fixtures, "probes", name);

    private static string Example(string name) => Path.Combine(RepoPaths.Fixtures, "rules", name);

    private static (IngestSummary Summary, MemoryEvidenceStore Store, List<NormalizedEvent> Published) Run(EscalationOptions? options, params string[] files)
    {
        var store = new MemoryEvidenceStore();
        var published = new List<NormalizedEvent>();
        var escalation = new EscalationOptions { MinimumSeverityId = (options ?? new EscalationOptions()).MinimumSeverityId, OnFinding = published.Add };
        var summary = new NormalizationPipeline(store, FixedTime.Default, rules: Rules.Value, escalation: escalation).Run(files);
        return (summary, store, published);
    }

    private static List<JsonElement> StoredLines(IEvidenceStore store)
    {
        using var output = new MemoryStream();
        EvidenceReader.CopyLines(store, EvidenceKeys.EventsPrefix, output);
        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public void StopLogging_escalates_to_a_valid_detection_finding_stored_beside_its_event()
    {
        var (summary, store, published) = Run(null, Probe("aws-stop-logging.json"));

        summary.Normalized.Should().Be(1);
        summary.Findings.Should().Be(1);
        published.Should().ContainSingle();
        var lines = StoredLines(store);
        lines.Should().HaveCount(2);
        var ev = lines.Single(l => l.GetProperty("class_uid").GetInt32() != 2004);
        var finding = lines.Single(l => l.GetProperty("class_uid").GetInt32() == 2004);
        Validator.Value.Validate(finding).Should().BeEmpty();

        string eventUid = ev.GetProperty("metadata").GetProperty("uid").GetString()!;
        var info = finding.GetProperty("finding_info");
        info.GetProperty("analytic").GetProperty("uid").GetString().Should().Be("7e38c8bb-4ddc-409b-99e7-0e9a3e86d293");
        info.GetProperty("analytic").GetProperty("name").GetString().Should().Be("CloudTrail trail stopped or deleted");
        info.GetProperty("attacks")[0].GetProperty("sub_technique").GetProperty("uid").GetString().Should().Be("T1562.008");
        info.GetProperty("attacks")[0].GetProperty("technique").GetProperty("uid").GetString().Should().Be("T1562");
        info.GetProperty("related_events")[0].GetProperty("uid").GetString().Should().Be(eventUid);
        finding.GetProperty("enrichments")[0].GetProperty("data").GetProperty("author").GetString().Should().Be("TrailNormalizer");
        finding.GetProperty("metadata").GetProperty("labels").EnumerateArray().Select(l => l.GetString())
            .Should().Contain("control:iso27001-2022:A.8.15").And.NotContain("incident:logging-tamper", "the event carries the category label");
        info.GetProperty("types").EnumerateArray().Select(t => t.GetString()).Should().Equal("logging-tamper");
        finding.GetProperty("severity_id").GetInt32().Should().Be(4);

        var evidence = finding.GetProperty("evidences")[0].GetProperty("data");
        evidence.GetProperty("event_uid").GetString().Should().Be(eventUid);
        string batchKey = evidence.GetProperty("batch_key").GetString()!;
        store.Exists(batchKey).Should().BeTrue("the finding names the batch its event was stored in");
        using var batch = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(store.OpenRead(batchKey), System.IO.Compression.CompressionMode.Decompress))
        {
            gzip.CopyTo(batch);
        }

        Encoding.UTF8.GetString(batch.ToArray()).Should().Contain($"\"uid\":\"{eventUid}\"");
    }

    [Fact]
    public void Read_only_calls_produce_no_finding()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Fixtures, "probes", "read-only"), "*.json");
        var (summary, store, published) = Run(null, files);

        summary.Normalized.Should().Be(files.Length);
        summary.Findings.Should().Be(0);
        published.Should().BeEmpty();
        StoredLines(store).Should().NotContain(l => l.GetProperty("class_uid").GetInt32() == 2004);
    }

    [Fact]
    public void A_medium_rule_escalates_only_when_the_level_is_medium_or_lower()
    {
        string ssmCommand = Example("aws_ssm_command_sent/match-1.json"); // medium
        Run(null, ssmCommand).Summary.Findings.Should().Be(0);
        EscalationOptions.TryForLevel("medium", out var medium).Should().BeTrue();
        Run(medium, ssmCommand).Summary.Findings.Should().Be(1);
        EscalationOptions.TryForLevel("nonsense", out _).Should().BeFalse();
    }

    [Fact]
    public void The_same_match_of_the_same_event_gives_one_finding_with_a_stable_uid()
    {
        string probe = Probe("aws-stop-logging.json");
        var first = Run(null, probe, probe);
        first.Summary.Findings.Should().Be(1, "dedup per (rule, event uid) within a run");

        var second = Run(null, probe);
        string Uid(NormalizedEvent f) => f.Uid;
        Uid(second.Published.Single()).Should().Be(Uid(first.Published.Single()), "a replay names the same finding");
    }

    [Fact]
    public void Every_high_and_critical_rule_example_escalates_to_a_schema_valid_finding()
    {
        var tagger = new EventTagger(Rules.Value);
        int checkedFindings = 0;
        foreach (var rule in Rules.Value.Rules.Where(r => r.SeverityId >= 4))
        {
            string folder = Path.Combine(RepoPaths.Fixtures, "rules", Path.GetFileNameWithoutExtension(rule.FilePath));
            foreach (string file in Directory.EnumerateFiles(folder, "match-*.json"))
            {
                var collected = new CollectingSink();
                var sink = new FindingSink(Rules.Value, collected, () => "events/test.ndjson.gz");
                foreach (var ev in Normalize.File(file).Events)
                {
                    sink.Normalized(tagger.Tag(ev));
                }

                var findings = collected.Events.Where(e => e.ClassUid == 2004).ToList();
                findings.Should().Contain(f => f.Uid == DetectionFindingBuilder.FindingUid(rule.Id, collected.Events[0].Uid), "{0} is a {1} rule", file, rule.Level);
                foreach (var f in findings)
                {
                    using var doc = JsonDocument.Parse(f.Json);
                    Validator.Value.Validate(doc.RootElement).Should().BeEmpty(file);
                    checkedFindings++;
                }
            }
        }

        checkedFindings.Should().BeGreaterThan(40);
    }
}
