using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Tests.Robustness;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Fuzz;

/// <summary>Each contract the fuzz harnesses found broken, as a readable case (the crashing inputs are in tests/fuzz-corpus).</summary>
public sealed class FuzzFindingTests
{
    private static readonly InputLimits Small = new() { MaxUnitBytes = 4096, MaxQuarantineRawBytes = 512 };

    private const string Record =
        """{"eventVersion":"1.09","eventTime":"2026-11-20T08:15:00Z","eventSource":"iam.amazonaws.com","eventName":"ListUsers","awsRegion":"us-east-1","eventID":"after-1","recipientAccountId":"111122223333","userIdentity":{"type":"Root","accountId":"111122223333"}}""";

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(false, 3)]
    [InlineData(true, 3)]
    public void An_oversized_string_broken_by_a_raw_line_break_does_not_swallow_the_next_record(bool lineMode, int? chunk)
    {
        // reader harness: an unterminated string larger than the buffer was stepped over to the end of the input,
        // losing every later record ("input ends inside an oversized value").
        string input = "{\"big\":\"" + new string('x', 100_000) + "\n" + Record + "\n";

        var result = Normalize.Text(input, "in.json", lineMode, Small, chunk);

        result.Events.Select(e => e.Uid).Should().Equal("after-1");
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().NotContain("input ends");
    }

    [Fact]
    public void Inside_a_Records_array_a_line_break_in_an_oversized_string_does_not_end_the_element()
    {
        // The fix above holds for lines only: an array element is stepped over to its real end, so the next element is read.
        string input = "{\"Records\":[{\"big\":\"" + new string('x', 100_000) + "\n" + new string('y', 10) + "\"}," + Record + "]}";

        var result = Normalize.Text(input, "in.json", lineMode: false, Small);

        result.Events.Select(e => e.Uid).Should().Equal("after-1");
        result.Quarantine.Should().ContainSingle().Which.Reason.Should().Contain("exceeds the 4096-byte limit");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void A_malformed_line_over_the_record_limit_keeps_only_the_quarantine_prefix(int? chunk)
    {
        // reader harness: a malformed line of 4,990 bytes under a 4,096-byte limit was quarantined whole when the
        // buffer happened to hold it, and as a 512-byte prefix when it arrived in small reads.
        string broken = "{\"big\":\"" + new string('x', 4980) + "\u0001\"}";
        string input = broken + "\n" + Record + "\n";

        var result = Normalize.Text(input, "in.ndjson", lineMode: true, Small, chunk);

        result.Events.Select(e => e.Uid).Should().Equal("after-1");
        var item = result.Quarantine.Should().ContainSingle().Subject;
        item.Raw.Length.Should().Be(Small.MaxQuarantineRawBytes);
        item.RawTruncated.Should().BeTrue();
        Encoding.UTF8.GetString(item.Raw.Span).Should().Be(broken[..Small.MaxQuarantineRawBytes]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(3)]
    public void An_oversized_NDJSON_value_with_more_on_its_line_is_stepped_over_as_the_whole_line(int? chunk)
    {
        // reader harness: read whole, the value was quarantined and the rest of its line became a second item; read in
        // small pieces, the line was one item. The record in NDJSON is the line.
        string line = "{\"big\":\"" + new string('x', 5000) + "\"},\"tail\"}";
        string input = line + "\n" + Record + "\n";

        var result = Normalize.Text(input, "in.ndjson", lineMode: true, Small, chunk);

        result.Events.Select(e => e.Uid).Should().Equal("after-1");
        var item = result.Quarantine.Should().ContainSingle().Subject;
        item.RawLength.Should().Be(line.Length);
        item.RawOffset.Should().Be(0);
    }

    [Theory]
    [InlineData("origin\n2\nroot\n\n")]
    [InlineData("\n\n")]
    [InlineData("origin\n\n\n")]
    public void A_note_that_ends_in_its_blank_line_is_a_format_error(string note)
    {
        // evidence harness: SignedNote.Open threw ArgumentOutOfRangeException, which verify-proof and verify do not expect.
        using var signer = new TestSigner();

        var open = () => SignedNote.Open(note, "origin", signer.PublicKeySpki);

        open.Should().Throw<FormatException>().WithMessage("*no signature lines*");
    }

    [Theory]
    [InlineData("alice@contoso)example", false)]
    [InlineData("al)ce@contoso.example", false)]
    [InlineData("alice@contoso.example", true)]
    public void An_Event_Grid_caller_name_is_an_email_address_only_when_OCSF_accepts_it(string name, bool email)
    {
        // router harness: any name with an '@' and no space was written as actor.user.email_addr, an invalid email_t.
        string input = $$$"""[{"id":"33333333-0000-4000-8000-000000000001","topic":"/subscriptions/00000000-0000-0000-0000-000000000001","subject":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/logs","eventType":"Microsoft.Resources.ResourceDeleteSuccess","eventTime":"2026-11-20T08:20:00Z","dataVersion":"2","metadataVersion":"1","data":{"authorization":{"scope":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg","action":"Microsoft.Storage/storageAccounts/delete"},"claims":{"name":"{{{name}}}"},"operationName":"Microsoft.Storage/storageAccounts/delete","status":"Succeeded","subscriptionId":"00000000-0000-0000-0000-000000000001","tenantId":"00000000-0000-0000-0000-000000000002"}}]""";

        var ev = Normalize.Text(input).Events.Should().ContainSingle().Subject;

        RobustRun.SchemaProblems(ev.Json).Should().BeEmpty();
        using var doc = JsonDocument.Parse(ev.Json);
        var user = doc.RootElement.GetProperty("actor").GetProperty("user");
        user.GetProperty("name").GetString().Should().Be(name);
        user.TryGetProperty("email_addr", out _).Should().Be(email);
    }

    [Fact]
    public void An_Entra_sign_in_with_a_location_but_no_address_names_the_service_as_its_source()
    {
        // router harness: src_endpoint held only a location, and OCSF needs one identifying attribute on an endpoint.
        string input = """{"records":[{"time":"2026-11-20T08:23:00Z","resourceId":"/tenants/00000000-0000-0000-0000-000000000002/providers/Microsoft.aadiam","operationName":"Sign-in activity","category":"SignInLogs","resultType":"50126","resultDescription":"Invalid username or password","correlationId":"e","identity":"Alice","Level":4,"properties":{"id":"55555555-0000-4000-8000-000000000001","createdDateTime":"2026-11-20T08:23:00Z","userDisplayName":"Alice","userPrincipalName":"alice@contoso.example","userId":"44444444-0000-4000-8000-000000000001","appDisplayName":"Azure Portal","status":{"errorCode":50126,"failureReason":"Invalid username or password"},"location":{"city":"Amsterdam","countryOrRegion":"NL"}}}]}""";

        var ev = Normalize.Text(input).Events.Should().ContainSingle().Subject;

        RobustRun.SchemaProblems(ev.Json).Should().BeEmpty();
        using var doc = JsonDocument.Parse(ev.Json);
        var source = doc.RootElement.GetProperty("src_endpoint");
        source.TryGetProperty("svc_name", out _).Should().BeTrue();
        source.GetProperty("location").GetProperty("city").GetString().Should().Be("Amsterdam");
    }

    [Theory]
    [InlineData("GETICROSOFT.COM/V1.0/USERS", false)]
    [InlineData("get", true)]
    public void A_Graph_activity_request_method_is_an_http_method_only_when_OCSF_enumerates_it(string method, bool typed)
    {
        // mutation test: a damaged requestMethod was written as http_request.http_method, which OCSF restricts to the standard verbs.
        string input = $$$"""{"time":"2026-03-22T06:02:00Z","resourceId":"/tenants/00000000-0000-0000-0000-00000000000a/providers/Microsoft.aadiam","operationName":"Microsoft Graph activity","category":"MicrosoftGraphActivityLogs","tenantId":"00000000-0000-0000-0000-00000000000a","properties":{"requestId":"6f8bb50a-fb34-4d9f-aaed-c212afdfef58","requestMethod":"{{{method}}}","requestUri":"https://graph.microsoft.com/v1.0/users","responseStatusCode":200,"ipAddress":"192.0.2.90","appId":"00000000-0000-0000-0000-0000000000cb"}}""";

        var ev = Normalize.Text(input).Events.Should().ContainSingle().Subject;

        RobustRun.SchemaProblems(ev.Json).Should().BeEmpty();
        using var doc = JsonDocument.Parse(ev.Json);
        doc.RootElement.GetProperty("http_request").TryGetProperty("http_method", out _).Should().Be(typed);
    }

    [Theory]
    [InlineData("123")]                  // mutation test: a damaged ISO time read as epoch seconds
    [InlineData("1970-01-01T00:00:00Z")] // a placeholder
    public void A_finding_time_before_1973_is_left_out_rather_than_written_below_the_OCSF_minimum(string time)
    {
        string defender = """{"id":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Security/locations/westeurope/alerts/2517","name":"2517","type":"Microsoft.Security/Locations/alerts","properties":{"alertType":"VM_SuspiciousCommand","systemAlertId":"2517","alertDisplayName":"Suspicious command","severity":"High","status":"Active","startTimeUtc":"TIME","endTimeUtc":"TIME","timeGeneratedUtc":"2026-03-16T09:30:05.123Z","compromisedEntity":"vm1"}}""".Replace("TIME", time, StringComparison.Ordinal);
        string guardDuty = """{"version":"0","id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"GuardDuty Finding","source":"aws.guardduty","account":"111122223333","time":"2026-03-16T09:30:05Z","region":"us-east-1","detail":{"id":"a1b2","type":"Recon:EC2/PortProbeUnprotectedPort","severity":5,"createdAt":"TIME","updatedAt":"2026-03-16T09:30:05Z","title":"Port probe","service":{"eventFirstSeen":"TIME","eventLastSeen":"TIME"}}}""".Replace("TIME", time, StringComparison.Ordinal);

        foreach (string input in new[] { defender, guardDuty })
        {
            var ev = Normalize.Text(input).Events.Should().ContainSingle().Subject;
            RobustRun.SchemaProblems(ev.Json).Should().BeEmpty();
            ev.Json.AsSpan().IndexOf("\"start_time\":"u8).Should().Be(-1);
            ev.Json.AsSpan().IndexOf("\"first_seen_time\":"u8).Should().Be(-1);
        }
    }

    [Fact]
    public void A_Security_Hub_OCSF_vulnerability_finding_without_vulnerabilities_is_a_detection_finding()
    {
        // mutation test: class 2002 was kept after the vulnerabilities list was damaged, and OCSF requires the list.
        const string input = """{"version":"0","id":"1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d","detail-type":"Findings Imported V2","source":"aws.securityhub","account":"777788889999","time":"2026-03-16T09:30:05Z","region":"us-west-2","detail":{"findings":[{"class_uid":2002,"severity_id":5,"finding_info":{"uid":"arn:aws:inspector2:us-west-2:777788889999:finding/8e7d","title":"CVE-2025-0001 - openssl"},"vulnerabilities":"CVE-2025-0001","cloud":{"account":{"uid":"777788889999"},"region":"us-west-2"}}]}}""";

        var ev = Normalize.Text(input).Events.Should().ContainSingle().Subject;

        ev.ClassUid.Should().Be(2004);
        RobustRun.SchemaProblems(ev.Json).Should().BeEmpty();
    }
}
