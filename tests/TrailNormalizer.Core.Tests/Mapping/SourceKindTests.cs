using System.Text.Json;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Mapping;

/// <summary>A source declares its rule kind once, on its router handler, and every event it maps carries it to the tagger.</summary>
public class SourceKindTests
{
    private static readonly IReadOnlyList<IRecordHandler> Handlers = RecordHandlers.Default(new RecordHandlerOptions());

    private static readonly Lazy<List<(string Case, NormalizedEvent Event)>> FixtureEvents = new(() =>
        GoldenFiles.AllCases()
            .SelectMany(c => Normalize.File(GoldenFiles.InputPath(c.Source, c.File), GoldenOptions.For(Path.Combine(RepoPaths.Fixtures, c.Source)))
                .Events.Select(e => ($"{c.Source}/{c.File}", e)))
            .ToList());

    [Fact]
    public void Every_kind_a_rule_can_name_is_declared_by_a_router_handler() =>
        Handlers.SelectMany(h => h.Kinds).Distinct().Should().BeEquivalentTo(SourceKinds.All);

    [Fact]
    public void Every_event_carries_a_kind_its_handlers_declare()
    {
        var declared = Handlers.SelectMany(h => h.Kinds).ToHashSet();
        var kinds = FixtureEvents.Value.Where(x => x.Event.Kind is not null).Select(x => x.Event.Kind!.Value).ToHashSet();
        kinds.Should().BeSubsetOf(declared);
        kinds.Should().BeEquivalentTo(SourceKinds.All, "the fixtures hold events of every kind");
    }

    [Theory]
    [InlineData("cloudtrail", SourceKind.CloudTrail)]
    [InlineData("cloudtrail-variants", SourceKind.CloudTrail)]
    [InlineData("eventgrid", SourceKind.EventGrid)]
    [InlineData("cloudevents", SourceKind.EventGrid)]
    [InlineData("notificationhubs", SourceKind.NotificationHubs)]
    public void A_source_folder_maps_to_its_kind(string folder, SourceKind kind) =>
        FixtureEvents.Value.Where(x => x.Case.StartsWith(folder + "/", StringComparison.Ordinal)).Select(x => x.Event.Kind)
            .Should().NotBeEmpty().And.OnlyContain(k => k == kind);

    [Fact]
    public void Envelope_events_carry_no_kind()
    {
        var envelopes = FixtureEvents.Value.Where(x => Product(x.Event) is "SNS" or "SQS" or "S3 Event Notifications").ToList();
        envelopes.Should().NotBeEmpty();
        envelopes.Should().OnlyContain(x => x.Event.Kind == null);
    }

    [Fact]
    public void Entra_sign_ins_and_audits_are_told_apart_where_they_are_mapped()
    {
        var entra = FixtureEvents.Value.Where(x => Product(x.Event) == "Microsoft Entra ID").ToList();
        entra.Where(x => x.Event.ClassUid == 3002).Should().NotBeEmpty().And.OnlyContain(x => x.Event.Kind == SourceKind.EntraSignIn);
        entra.Where(x => x.Event.ClassUid == 3001).Should().NotBeEmpty().And.OnlyContain(x => x.Event.Kind == SourceKind.EntraAudit);
    }

    private static string? Product(NormalizedEvent ev)
    {
        using var doc = JsonDocument.Parse(ev.Json);
        return doc.RootElement.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString();
    }
}
