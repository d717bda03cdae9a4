using TrailNormalizer.Core.Coverage;
using TrailNormalizer.Core.Tests.Mapping;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Fidelity;

/// <summary>
/// The typed-fact coverage of the golden fixtures, per source: the share of the facts the raw records hold (actor user,
/// source IP, operation, outcome, target, MFA, user agent, location) that the events carry in typed OCSF fields must not fall.
/// </summary>
public class CoverageFloorTests
{
    private static readonly Lazy<FactCoverage> Fixtures = new(() =>
        FactCoverage.Measure(GoldenFiles.AllCases()
            .Where(c => !Directory.Exists(Path.Combine(RepoPaths.Fixtures, c.Source, "certs")) && !Directory.Exists(Path.Combine(RepoPaths.Fixtures, c.Source, "mirror")))
            .Select(c => GoldenFiles.InputPath(c.Source, c.File))));

    [Theory]
    [InlineData("CloudTrail", 0.96)]
    [InlineData("Microsoft Entra ID", 0.97)]
    [InlineData("Azure Activity", 0.95)] // Service/Resource Health notices are Base Events (no resources); findings carry no status
    [InlineData("Key Vault", 0.94)]      // Event Grid expiry notices are Base Events (no resources)
    [InlineData("Microsoft Defender for Cloud", 0.97)]
    [InlineData("Azure Kubernetes Service", 0.97)]
    [InlineData("GuardDuty", 0.97)]
    [InlineData("S3 Event Notifications", 0.97)]
    [InlineData("Container Registry", 0.97)]
    [InlineData("Config", 0.97)]
    [InlineData("CloudWatch", 0.97)] // alarm state changes via SNS and via EventBridge
    [InlineData("EC2", 0.97)]        // AWS service events via EventBridge: API Activity done by the service
    public void Each_source_types_at_least_its_floor_of_the_facts_its_records_hold(string source, double floor)
    {
        Fixtures.Value.Sources.Should().ContainKey(source);
        Fixtures.Value.Sources[source].Share.Should().BeGreaterThanOrEqualTo(floor, Fixtures.Value.Render());
    }

    [Fact]
    public void A_fact_the_record_does_not_hold_is_not_counted_against_the_event()
    {
        var coverage = new FactCoverage();
        coverage.Add("""{"class_uid":0,"metadata":{"product":{"name":"X"}},"raw_data":"{\"eventName\":\"Ping\"}"}"""u8);
        var counts = coverage.Sources["X"];
        counts.Held(TypedFact.SourceIp).Should().Be(0);
        counts.Held(TypedFact.Operation).Should().Be(1);
        counts.Typed(TypedFact.Operation).Should().Be(0, "a Base Event without api.operation does not type the operation");
    }

    [Fact]
    public void A_source_IP_is_held_only_when_the_field_holds_an_address()
    {
        RawFactsFrom("""{"sourceIPAddress":"AWS Internal"}""").Should().NotContain(TypedFact.SourceIp);
        RawFactsFrom("""{"sourceIPAddress":"198.51.100.1"}""").Should().Contain(TypedFact.SourceIp);
    }

    private static HashSet<TypedFact> RawFactsFrom(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return RawFacts.Held(document.RootElement);
    }
}
