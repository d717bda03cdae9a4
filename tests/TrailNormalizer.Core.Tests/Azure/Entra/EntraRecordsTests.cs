using System.Text.Json;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Azure.Entra;

public class EntraRecordsTests
{
    private const string Tenant = "00000000-0000-0000-0000-00000000000a";

    private static JsonElement Only(string text)
    {
        var sink = Normalize.Text(text);
        sink.Quarantine.Should().BeEmpty();
        return JsonDocument.Parse(sink.Events.Single().Json).RootElement;
    }

    [Theory]
    [InlineData("0", 1, "Success")]
    [InlineData("50126", 2, "Failure")]
    public void Sign_ins_are_authentication_with_their_outcome(string code, int statusId, string status)
    {
        var ev = Only("""{"time":"2026-03-20T08:00:00Z","resourceId":"/tenants/00000000-0000-0000-0000-00000000000a/providers/Microsoft.aadiam","operationName":"Sign-in activity","category":"SignInLogs","tenantId":"00000000-0000-0000-0000-00000000000a","properties":{"id":"4c8a5e7e-0000-4000-8000-000000000001","userPrincipalName":"u@example.com","userId":"00000000-0000-0000-0000-0000000000b1","appDisplayName":"Azure Portal","ipAddress":"192.0.2.5","authenticationRequirement":"multiFactorAuthentication","status":{"errorCode":CODE}}}""".Replace("CODE", code, StringComparison.Ordinal));

        ev.GetProperty("class_uid").GetInt32().Should().Be(3002);
        ev.GetProperty("status_id").GetInt32().Should().Be(statusId);
        ev.GetProperty("status").GetString().Should().Be(status);
        ev.GetProperty("is_mfa").GetBoolean().Should().BeTrue();
        ev.GetProperty("user").GetProperty("name").GetString().Should().Be("u@example.com");
        ev.GetProperty("metadata").GetProperty("uid").GetString().Should().Be("4c8a5e7e-0000-4000-8000-000000000001");
        ev.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString().Should().Be("Microsoft Entra ID");
    }

    [Fact]
    public void A_top_level_audit_category_is_still_an_entra_audit_record()
    {
        var ev = Only("""{"time":"2026-03-21 10:00:00.123456789","resourceId":"/tenants/00000000-0000-0000-0000-00000000000a/providers/Microsoft.aadiam","operationName":"Delete user","category":"UserManagement","properties":{"activityDisplayName":"Delete user","result":"success","initiatedBy":{"user":{"userPrincipalName":"admin@example.com"}},"targetResources":[{"id":"00000000-0000-0000-0000-0000000000f2","type":"User","userPrincipalName":"gone@example.com"}]}}""");

        ev.GetProperty("class_uid").GetInt32().Should().Be(3001);
        ev.GetProperty("activity_name").GetString().Should().Be("Delete");
        ev.GetProperty("user").GetProperty("name").GetString().Should().Be("gone@example.com");
        ev.GetProperty("actor").GetProperty("user").GetProperty("name").GetString().Should().Be("admin@example.com");
        ev.GetProperty("time").GetInt64().Should().Be(1774087200123L);
    }

    [Fact]
    public void Risky_users_are_detection_findings_keeping_the_raw_record()
    {
        string text = """{"time":"2026-03-22T06:00:00Z","resourceId":"/tenants/00000000-0000-0000-0000-00000000000a/providers/Microsoft.aadiam","operationName":"Risky user","category":"RiskyUsers","properties":{"riskLevel":"high","userPrincipalName":"sam@example.com"}}""";
        var ev = Only(text);

        ev.GetProperty("class_uid").GetInt32().Should().Be(2004);
        ev.GetProperty("risk_level").GetString().Should().Be("High");
        ev.GetProperty("evidences")[0].GetProperty("user").GetProperty("name").GetString().Should().Be("sam@example.com");
        ev.GetProperty("raw_data").GetString().Should().Be(text);
    }

    [Fact]
    public void Other_entra_categories_are_base_events_keeping_the_raw_record()
    {
        string text = """{"time":"2026-03-22T06:00:00Z","resourceId":"/tenants/00000000-0000-0000-0000-00000000000a/providers/Microsoft.aadiam","operationName":"Traffic","category":"NetworkAccessTrafficLogs","properties":{"x":1}}""";
        var ev = Only(text);

        ev.GetProperty("class_uid").GetInt32().Should().Be(0);
        ev.GetProperty("activity_name").GetString().Should().Be("NetworkAccessTrafficLogs");
        ev.TryGetProperty("actor", out _).Should().BeFalse("actor on Base Event needs the host profile");
        ev.GetProperty("raw_data").GetString().Should().Be(text);
    }

    [Theory]
    [InlineData("SignInLogs", ""","properties":{"id":"4c8a5e7e-0000-4000-8000-000000000002","userPrincipalName":"u@example.com","status":{"errorCode":0}}""")]
    [InlineData("AuditLogs", ""","properties":{"activityDisplayName":"Delete user","result":"success","initiatedBy":{"user":{"userPrincipalName":"admin@example.com"}}}""")]
    [InlineData("RiskyUsers", ""","properties":{"riskLevel":"high"}""")]
    public void Entra_records_are_filed_under_the_tenant_in_region_global_never_under_the_clients_country(string category, string properties)
    {
        var sink = Normalize.Text($$"""{"time":"2026-03-20T08:00:00Z","category":"{{category}}","operationName":"x","tenantId":"{{Tenant}}","location":"NL"{{properties}}}""");

        sink.Quarantine.Should().BeEmpty();
        sink.Events.Single().Partition.Should().Be(new Core.Mapping.EvidencePartition("azure", Tenant, "global"));
    }

    [Fact]
    public void Tenant_scope_Administrative_records_are_Activity_Log_not_Entra()
    {
        var ev = Only("""{"time":"2026-03-22T06:00:00Z","resourceId":"/providers/microsoft.aadiam/diagnosticSettings/x","operationName":"microsoft.aadiam/diagnosticSettings/write","category":"Administrative","resultType":"Success"}""");

        ev.GetProperty("class_uid").GetInt32().Should().Be(6003);
        ev.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString().Should().Be("Azure Activity");
    }
}
