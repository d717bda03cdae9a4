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
    [InlineData("CloudTrail", 0.98)]
    [InlineData("Microsoft Entra ID", 0.97)]
    [InlineData("Azure Activity", 0.95)] // Service/Resource Health notices are Base Events (no resources); findings carry no status
    [InlineData("Key Vault", 0.94)]      // Event Grid expiry notices are Base Events (no resources)
    [InlineData("Microsoft Defender for Cloud", 0.97)]
    [InlineData("Azure Kubernetes Service", 0.97)]
    [InlineData("GuardDuty", 0.99)]
    [InlineData("S3 Event Notifications", 0.99)]
    [InlineData("Container Registry", 0.97)]
    [InlineData("Config", 0.99)]   // notifications via SNS and EventBridge, rule invocations
    [InlineData("CloudWatch", 0.99)] // alarm state changes via SNS and via EventBridge
    [InlineData("EC2", 0.99)]        // AWS service events via EventBridge: API Activity done by the service
    [InlineData("SQS", 0.99)]        // messages that carry no known record: SendMessage by the sender
    [InlineData("IAM Access Analyzer", 0.99)]
    [InlineData("Inspector", 0.99)]
    [InlineData("Security Hub", 0.84)] // a multi-finding event's raw record holds its siblings' facts too
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
    public void A_user_agent_is_held_only_by_events_of_a_class_that_can_type_it()
    {
        const string raw = "\"raw_data\":\"{\\\"eventName\\\":\\\"StopLogging\\\",\\\"userAgent\\\":\\\"aws-cli/2.15.0\\\"}\"";
        var coverage = new FactCoverage();
        coverage.Add(System.Text.Encoding.UTF8.GetBytes("{\"class_uid\":1008,\"metadata\":{\"product\":{\"name\":\"Log\"}}," + raw + "}"));
        coverage.Add(System.Text.Encoding.UTF8.GetBytes("{\"class_uid\":6003,\"metadata\":{\"product\":{\"name\":\"Api\"}}," + raw + "}"));
        coverage.Add(System.Text.Encoding.UTF8.GetBytes("{\"class_uid\":0,\"metadata\":{\"product\":{\"name\":\"Base\"}}," + raw + "}"));

        coverage.Sources["Log"].Held(TypedFact.UserAgent).Should().Be(0, "Event Log Activity has no http_request to hold a user agent");
        coverage.Sources["Api"].Held(TypedFact.UserAgent).Should().Be(1);
        coverage.Sources["Api"].Typed(TypedFact.UserAgent).Should().Be(0);
        coverage.Sources["Base"].Held(TypedFact.UserAgent).Should().Be(1, "a record left in Base Event is in the wrong class: its gap shows");
    }

    [Fact]
    public void A_source_IP_is_held_only_when_the_field_holds_an_address()
    {
        RawFactsFrom("""{"sourceIPAddress":"AWS Internal"}""").Should().NotContain(TypedFact.SourceIp);
        RawFactsFrom("""{"sourceIPAddress":"198.51.100.1"}""").Should().Contain(TypedFact.SourceIp);
    }

    [Theory]
    [InlineData("""{"properties":{"client_ip":"203.0.113.7"}}""")]        // SQL audit
    [InlineData("""{"properties":{"CIp":"203.0.113.7"}}""")]              // App Service HTTP logs
    [InlineData("""{"properties":{"UserAddress":"203.0.113.7:51234"}}""")] // App Service audit, address with a port
    [InlineData("""{"properties":{"UserAddress":"[2001:db8::7]:443"}}""")]
    public void Resource_log_client_addresses_are_held_source_IPs(string json) =>
        RawFactsFrom(json).Should().Contain(TypedFact.SourceIp);

    [Theory]
    [InlineData("""{"properties":{"server_principal_name":"admin@contoso.com"}}""")]
    [InlineData("""{"properties":{"CsUsername":"deploy-user"}}""")]
    public void Resource_log_principals_are_held_actors(string json) =>
        RawFactsFrom(json).Should().Contain(TypedFact.ActorUser);

    private static HashSet<TypedFact> RawFactsFrom(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return RawFacts.Held(document.RootElement);
    }
}
