using System.Text.Json;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Tests.Schemas;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Mapping;

/// <summary>The awkward inputs in tests/fixtures/bad-input, run through the whole local pipeline.</summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly Lazy<OcsfSchemaValidator> Validator = new(() => OcsfSchemaValidator.LoadFrom(OcsfSchemaValidator.FindRepoSchemasDirectory()));
    private readonly string _evidence = Directory.CreateTempSubdirectory("trailnorm-bad-").FullName;

    public void Dispose()
    {
        foreach (var f in Directory.EnumerateFiles(_evidence, "*", SearchOption.AllDirectories))
        {
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Directory.Delete(_evidence, true);
    }

    private (IngestSummary Summary, List<JsonElement> Events, List<JsonElement> Quarantine) Run(string name)
    {
        var store = new LocalEvidenceStore(_evidence);
        var summary = new NormalizationPipeline(store, FixedTime.Default).Run([Path.Combine(RepoPaths.Fixtures, "bad-input", name)]);
        return (summary, Lines(store, EvidenceKeys.EventsPrefix), Lines(store, EvidenceKeys.QuarantinePrefix));
    }

    private static List<JsonElement> Lines(LocalEvidenceStore store, string prefix)
    {
        using var output = new MemoryStream();
        EvidenceReader.CopyLines(store, prefix, output);
        return System.Text.Encoding.UTF8.GetString(output.ToArray())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
    }

    private static void AllValid(IEnumerable<JsonElement> events)
    {
        foreach (var ev in events)
        {
            Validator.Value.Validate(ev).Should().BeEmpty();
        }
    }

    [Fact]
    public void A_log_file_with_a_byte_order_mark_is_read()
    {
        var (summary, events, quarantine) = Run("logfile-with-bom.json");

        summary.Normalized.Should().Be(3);
        quarantine.Should().BeEmpty();
        AllValid(events);
    }

    [Fact]
    public void Mixed_ndjson_keeps_every_good_line_and_quarantines_each_bad_one_with_its_reason()
    {
        var (summary, events, quarantine) = Run("mixed.ndjson");

        summary.Records.Should().Be(5);
        events.Should().HaveCount(3);
        quarantine.Should().HaveCount(2);
        quarantine.Select(q => q.GetProperty("reason").GetString()).Should().Contain(r => r!.StartsWith("malformed JSON", StringComparison.Ordinal))
            .And.Contain(r => r!.StartsWith("unrecognized record shape (keys: hello)", StringComparison.Ordinal));
        quarantine.Should().OnlyContain(q => q.GetProperty("source").GetString()!.Contains("mixed.ndjson:line ", StringComparison.Ordinal));
        AllValid(events);
    }

    [Fact]
    public void A_record_without_eventTime_becomes_an_event_timed_at_receipt_and_labelled()
    {
        var (summary, events, _) = Run("array-of-records.json");

        summary.Normalized.Should().Be(3);
        var substituted = events.Single(e => e.GetProperty("metadata").TryGetProperty("labels", out _));
        substituted.GetProperty("time").GetInt64().Should().Be(FixedTime.Default.GetUtcNow().ToUnixTimeMilliseconds());
        substituted.GetProperty("metadata").GetProperty("labels")[0].GetString().Should().Be("time:substituted-with-received-time");
        substituted.GetProperty("api").GetProperty("operation").GetString().Should().Be("GetCallerIdentity");
        AllValid(events);
    }

    [Theory]
    [InlineData("eventbridge-api-call.json", 1, 3001)]
    [InlineData("eventbridge-console-signin.json", 1, 3002)]
    [InlineData("eventbridge-service-event.json", 1, 6003)]
    [InlineData("eventbridge-batch.jsonl", 3, null)]
    public void EventBridge_CloudTrail_events_map_from_their_detail_and_keep_the_envelope(string name, int count, int? classUid)
    {
        var (summary, events, quarantine) = Run(name);

        summary.Normalized.Should().Be(count);
        quarantine.Should().BeEmpty();
        foreach (var ev in events)
        {
            using var raw = JsonDocument.Parse(ev.GetProperty("raw_data").GetString()!);
            ev.GetProperty("metadata").GetProperty("uid").GetString().Should().Be(raw.RootElement.GetProperty("detail").GetProperty("eventID").GetString());
            ev.GetProperty("metadata").GetProperty("log_provider").GetString().Should().Be("Amazon EventBridge");
            ev.GetProperty("unmapped").GetProperty("eventBridge").GetProperty("id").GetString().Should().Be(raw.RootElement.GetProperty("id").GetString());
            if (classUid is not null)
            {
                ev.GetProperty("class_uid").GetInt32().Should().Be(classUid);
            }
        }

        AllValid(events);
    }

    [Fact]
    public void A_truncated_log_file_keeps_its_complete_records()
    {
        var (summary, events, quarantine) = Run("truncated-logfile.json");

        events.Should().HaveCount(2);
        quarantine.Should().ContainSingle().Which.GetProperty("reason").GetString().Should().Contain("truncated");
        quarantine[0].GetProperty("raw").GetString().Should().StartWith("{");
        summary.Records.Should().Be(3);
    }

    [Theory]
    [InlineData("not-json.json", "malformed JSON")]
    [InlineData("empty.json", "empty file")]
    [InlineData("scalar.json", "a JSON number is not a record")]
    public void Unusable_files_are_one_quarantine_item_each(string name, string reason)
    {
        var (summary, events, quarantine) = Run(name);

        events.Should().BeEmpty();
        summary.Quarantined.Should().Be(1);
        quarantine.Should().ContainSingle().Which.GetProperty("reason").GetString().Should().StartWith(reason);
    }
}
