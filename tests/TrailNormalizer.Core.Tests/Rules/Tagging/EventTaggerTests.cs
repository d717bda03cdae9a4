using System.Text.Json;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;
using TrailNormalizer.Core.Tests.Mapping;
using TrailNormalizer.Core.Tests.Schemas;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Rules.Tagging;

public class EventTaggerTests
{
    private static readonly Lazy<EventTagger> Tagger = new(() => new EventTagger(BuiltInRules.Load()));
    private static readonly Lazy<OcsfSchemaValidator> Validator = new(() => OcsfSchemaValidator.LoadFrom(OcsfSchemaValidator.FindRepoSchemasDirectory()));

    [Fact]
    public void Tagged_fixtures_of_every_source_stay_valid_OCSF_and_read_only_calls_stay_untagged()
    {
        int tagged = 0;
        foreach (var (source, file) in GoldenFiles.AllCases())
        {
            foreach (var ev in Normalize.File(GoldenFiles.InputPath(source, file), GoldenOptions.For(Path.Combine(RepoPaths.Fixtures, source))).Events)
            {
                var result = Tagger.Value.Tag(ev);
                using var doc = JsonDocument.Parse(result.Json);
                Validator.Value.Validate(doc.RootElement).Should().BeEmpty($"{source}/{file}");
                bool hasIncident = doc.RootElement.GetProperty("metadata").TryGetProperty("labels", out var labels)
                    && labels.EnumerateArray().Any(l => l.GetString()!.StartsWith("incident:", StringComparison.Ordinal));
                tagged += hasIncident ? 1 : 0;
                if (doc.RootElement.GetProperty("class_uid").GetInt32() == 6003 && doc.RootElement.GetProperty("activity_id").GetInt32() == 2
                    && doc.RootElement.GetProperty("api").GetProperty("operation").GetString() is { } op
                    && (op.StartsWith("Describe", StringComparison.Ordinal) || op.StartsWith("List", StringComparison.Ordinal)))
                {
                    hasIncident.Should().BeFalse($"{source}/{file}: {op} is a read-only call");
                }
            }
        }

        tagged.Should().BeGreaterThan(40);
    }

    [Fact]
    public void An_event_with_no_match_is_returned_unchanged()
    {
        var ev = Normalize.File(GoldenFiles.InputPath("cloudtrail", "sts-get-caller-identity.json")).Events.Single();

        Tagger.Value.Tag(ev).Should().BeSameAs(ev);
    }
}
