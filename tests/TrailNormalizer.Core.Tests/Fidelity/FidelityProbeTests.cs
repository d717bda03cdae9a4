using System.Text.Json;
using TrailNormalizer.Core.Tests.Mapping;
using TrailNormalizer.Core.Tests.Support;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Core.Tests.Fidelity;

/// <summary>
/// The real-world shapes that used to be quarantined, mapped to Base Event or lose facts (issue 18's probes), each written
/// from the provider's documentation as a golden fixture: here the facts that matter are asserted one by one.
/// </summary>
public class FidelityProbeTests
{
    private static List<JsonElement> Events(string source, string file, out CollectingSink run)
    {
        run = Normalize.File(GoldenFiles.InputPath(source, file), GoldenOptions.For(Path.Combine(RepoPaths.Fixtures, source)));
        return run.Events.Select(e => JsonDocument.Parse(e.Json).RootElement).ToList();
    }

    private static string? At(JsonElement ev, string path)
    {
        var current = ev;
        foreach (string part in path.Split('.'))
        {
            if (int.TryParse(part, out int index))
            {
                if (current.ValueKind != JsonValueKind.Array || current.GetArrayLength() <= index)
                {
                    return null;
                }

                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : current.GetRawText();
    }

    [Fact]
    public void Graph_directory_audit_items_are_account_changes_with_actor_and_address()
    {
        var events = Events("entra", "graph-directory-audits.json", out var run);
        run.Quarantine.Should().BeEmpty();
        At(events[0], "class_uid").Should().Be("3001");
        At(events[0], "activity_id").Should().Be("4"); // Password Reset
        At(events[0], "actor.user.name").Should().Be("admin@example.com");
        At(events[0], "src_endpoint.ip").Should().Be("203.0.113.24");
        At(events[0], "user.name").Should().Be("jane.doe@example.com");
        At(events[1], "status_id").Should().Be("2");
    }

    [Fact]
    public void Graph_sign_ins_are_authentications_with_device_location_risk_and_no_empty_location()
    {
        var events = Events("entra", "graph-signins-v1.json", out var run);
        run.Quarantine.Should().BeEmpty();
        events.Should().OnlyContain(e => At(e, "class_uid") == "3002");
        At(events[0], "src_endpoint.os.name").Should().Be("Windows 10");
        At(events[0], "src_endpoint.uid").Should().Be("6f1ec5d2-6a5c-4c7e-9a0e-6f9b8d1e2c3a");
        At(events[0], "src_endpoint.location.country").Should().Be("US");
        At(events[0], "user.risk_level").Should().Be("Low");
        At(events[1], "status_id").Should().Be("2");
        At(events[1], "status_code").Should().Be("50126");
        At(events[1], "src_endpoint.location").Should().BeNull("empty strings and 0/0 coordinates say nothing");
    }

    [Fact]
    public void Beta_sign_in_kinds_are_told_apart()
    {
        var events = Events("entra", "graph-signins-beta.ndjson", out _);
        events.Select(e => At(e, "metadata.log_name")).Should().Equal("NonInteractiveUserSignInLogs", "ServicePrincipalSignInLogs", "ManagedIdentitySignInLogs");
        At(events[1], "user.type").Should().Be("Service");
    }

    [Fact]
    public void An_Entra_sign_in_with_an_empty_location_has_no_location()
    {
        var events = Events("entra", "signin-empty-location.json", out _);
        At(events.Single(), "src_endpoint.ip").Should().Be("203.0.113.77");
        At(events.Single(), "src_endpoint.location").Should().BeNull();
    }

    [Fact]
    public void Log_Analytics_rows_of_every_Entra_table_are_recognized()
    {
        var events = Events("entra", "log-analytics-tables.ndjson", out var run);
        run.Quarantine.Should().BeEmpty();
        events.Select(e => At(e, "class_uid")).Should().Equal("3002", "3002", "3002", "3002", "3001", "6003", "2004", "2004");
        At(events[1], "src_endpoint.os.name").Should().Be("Ios", "JSON-encoded dynamic columns are read too");
        At(events[5], "status_id").Should().Be("2", "Graph answered 403");
        At(events[6], "evidences.0.http_request.user_agent").Should().Contain("Firefox");
    }

    [Fact]
    public void A_Key_Vault_403_is_a_failure_whatever_resultType_says()
    {
        var events = Events("keyvault", "forbidden-and-unauthorized.json", out _);
        events.Should().OnlyContain(e => At(e, "status_id") == "2");
        At(events[0], "status_code").Should().Be("Forbidden");
    }

    [Fact]
    public void Activity_Log_claims_give_the_caller_address_and_MFA()
    {
        var events = Events("azure-activity", "claims-ipaddr-amr.json", out _);
        At(events.Single(), "src_endpoint.ip").Should().Be("198.51.100.88");
        At(events.Single(), "actor.session.is_mfa").Should().Be("true");
    }

    [Fact]
    public void An_Activity_Log_REST_list_response_is_unwrapped_and_tenant_scope_records_stay_Activity_Log()
    {
        var events = Events("azure-activity", "rest-list-response-claims.json", out var run);
        run.Quarantine.Should().BeEmpty();
        events.Should().HaveCount(2).And.OnlyContain(e => At(e, "class_uid") == "6003");
        At(events[1], "metadata.product.name").Should().Be("Azure Activity");
        At(events[1], "status_id").Should().Be("2");
        At(events[1], "actor.session.is_mfa").Should().Be("false");
    }

    [Fact]
    public void A_CloudTrail_record_with_only_at_timestamp_keeps_its_time_labelled()
    {
        var events = Events("cloudtrail-variants", "logstash-at-timestamp-only.json", out _);
        At(events.Single(), "time").Should().Be("1773648540000");
        At(events.Single(), "metadata.labels.0").Should().Be("time:from-@timestamp");
    }

    [Fact]
    public void CloudTrail_targets_come_from_request_and_response_identifiers()
    {
        var events = Events("cloudtrail-variants", "resources-from-request-and-response.ndjson", out _);
        At(events[0], "resources.0.type").Should().Be("AWS::RDS::DBInstance");
        At(events[4], "resources.1.uid").Should().Be("i-0abc1234def567890");
        At(events[6], "resources.0.uid").Should().Be("arn:aws:s3:::finance-reports/2026/q1/ledger.csv");
    }

    [Fact]
    public void A_GuardDuty_finding_with_a_1970_placeholder_takes_the_findings_own_time()
    {
        var events = Events("eventbridge", "guardduty-finding-placeholder-time.json", out _);
        At(events.Single(), "class_uid").Should().Be("2004");
        At(events.Single(), "time").Should().Be("1773743100000"); // updatedAt
        At(events.Single(), "metadata.labels").Should().BeNull();
    }

    [Fact]
    public void Security_Hub_custom_actions_are_findings_of_their_own_class()
    {
        var events = Events("eventbridge", "securityhub-findings-custom-action.json", out _);
        events.Select(e => At(e, "class_uid")).Should().Equal("2004", "2003");
        At(events[1], "compliance.status").Should().Be("Fail");
        At(events[1], "compliance.control").Should().Be("S3.8");
    }

    [Fact]
    public void A_bare_GuardDuty_finding_is_a_detection_finding()
    {
        var events = Events("findings", "guardduty-bare-finding.json", out var run);
        run.Quarantine.Should().BeEmpty();
        At(events.Single(), "class_uid").Should().Be("2004");
        At(events.Single(), "evidences.0.src_endpoint.ip").Should().Be("198.51.100.200");
        At(events.Single(), "metadata.log_provider").Should().Be("Amazon GuardDuty");
    }

    [Fact]
    public void An_S3_notification_for_a_photo_is_an_object_event_not_a_quarantined_pointer()
    {
        var events = Events("s3", "s3-object-created-photo.json", out var run);
        run.Quarantine.Should().BeEmpty();
        At(events.Single(), "class_uid").Should().Be("6003");
        At(events.Single(), "actor.user.name").Should().Be("AWS:AIDAEXAMPLEUSER0001");
        At(events.Single(), "src_endpoint.ip").Should().Be("203.0.113.15");
        At(events.Single(), "resources.1.name").Should().Be("offsite/2026/Group Photo(1).jpg");
        At(events.Single(), "resources.1.data.size").Should().Be("1048576");
    }

    [Fact]
    public void An_SNS_message_carrying_an_AWS_Config_non_compliant_change_is_a_compliance_finding()
    {
        var events = Events("sns-unverified", "config-compliance-non-compliant.json", out var run);
        run.Quarantine.Should().BeEmpty();
        At(events.Single(), "class_uid").Should().Be("2003");
        At(events.Single(), "compliance.status_id").Should().Be("3");
        At(events.Single(), "compliance.control").Should().Be("s3-bucket-public-read-prohibited");
        At(events.Single(), "metadata.labels").Should().Contain("sns:topic:arn:aws:sns:us-east-1:111122223333:security-alerts");
    }

    [Fact]
    public void Event_Grid_events_from_documented_publishers_are_API_activity_named_after_their_producer()
    {
        var events = Events("eventgrid", "documented-publishers.ndjson", out _);
        events.Should().OnlyContain(e => At(e, "class_uid") == "6003");
        events.Select(e => At(e, "metadata.product.name")).Should().Equal("Container Registry", "App Configuration", "IoT Hub", "Service Bus");
    }

    [Fact]
    public void CloudEvents_from_other_producers_are_not_labelled_Event_Grid()
    {
        var events = Events("cloudevents", "non-azure-producer.json", out _);
        At(events.Single(), "metadata.product.name").Should().Be("com.github.pull_request");
        At(events.Single(), "metadata.log_provider").Should().Be("CloudEvents");
    }
}

public class AzureCallerEvidenceTests
{
    [Fact]
    public void Without_claims_the_authorizing_role_assignment_names_the_caller()
    {
        var run = Normalize.Text("""{"time":"2026-03-14T10:00:00Z","resourceId":"/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/roleAssignments/r1","operationName":"Microsoft.Authorization/roleAssignments/write","category":"Administrative","resultType":"Success","identity":{"authorization":{"evidence":{"principalId":"6b6d44f0-b13a-46a0-bfde-161324d4c34d","principalType":"User","role":"Owner"}}}}""");
        using var doc = JsonDocument.Parse(run.Events.Single().Json);
        var user = doc.RootElement.GetProperty("actor").GetProperty("user");
        user.GetProperty("uid").GetString().Should().Be("6b6d44f0-b13a-46a0-bfde-161324d4c34d");
        user.GetProperty("type").GetString().Should().Be("User");
    }
}
