using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Ocsf;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Mapping;

/// <summary>Checks on every CloudTrail fixture beyond its golden file: identity, time, raw record, status, coverage.</summary>
public class CloudTrailFixtureTests
{
    private const string Source = "cloudtrail";
    public static TheoryData<string> Cases() => new(GoldenFiles.Cases(Source));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Event_keeps_the_source_identity_time_and_raw_record(string name)
    {
        byte[] input = File.ReadAllBytes(GoldenFiles.InputPath(Source, name));
        using var source = JsonDocument.Parse(input);
        var record = source.RootElement;
        var result = Normalize.File(GoldenFiles.InputPath(Source, name));

        var ev = result.Events.Should().ContainSingle().Subject;
        using var doc = JsonDocument.Parse(ev.Json);
        var root = doc.RootElement;
        root.GetProperty("metadata").GetProperty("uid").GetString().Should().Be(record.GetProperty("eventID").GetString());
        root.GetProperty("metadata").GetProperty("version").GetString().Should().Be("1.8.0");
        root.GetProperty("time").GetInt64().Should().Be(DateTimeOffset.Parse(record.GetProperty("eventTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        string raw = root.GetProperty("raw_data").GetString()!;
        raw.Should().Be(Encoding.UTF8.GetString(input).Trim().TrimStart('\uFEFF'));
        root.GetProperty("raw_data_hash").GetProperty("value").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw))));
        root.GetProperty("cloud").GetProperty("provider").GetString().Should().Be("AWS");
        root.GetProperty("api").GetProperty("operation").GetString().Should().Be(record.Str("eventName") ?? record.Obj("insightDetails")?.Str("eventName"));
        bool failed = record.Str("errorCode") is not null || record.Obj("responseElements")?.Str("ConsoleLogin") == "Failure";
        root.GetProperty("status_id").GetInt32().Should().Be(failed ? 2 : 1);
    }

    [Fact]
    public void Fixtures_cover_at_least_40_cases_across_15_event_sources()
    {
        var sources = GoldenFiles.Cases(Source)
            .Select(n => JsonDocument.Parse(File.ReadAllBytes(GoldenFiles.InputPath(Source, n))).RootElement.Str("eventSource"))
            .OfType<string>()
            .Distinct()
            .ToList();

        GoldenFiles.Cases(Source).Should().HaveCountGreaterThanOrEqualTo(40);
        sources.Should().HaveCountGreaterThanOrEqualTo(15);
    }
}
