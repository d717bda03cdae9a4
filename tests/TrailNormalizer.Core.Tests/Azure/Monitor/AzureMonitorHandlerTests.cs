using System.Text.Json;
using TrailNormalizer.Core.Mapping.Azure.Monitor;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Azure.Monitor;

public class AzureMonitorHandlerTests
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";

    private static JsonElement Only(CollectingSink sink)
    {
        sink.Quarantine.Should().BeEmpty();
        sink.Events.Should().ContainSingle();
        return JsonDocument.Parse(sink.Events[0].Json).RootElement;
    }

    [Fact]
    public void Lower_case_records_documents_are_routed_element_by_element()
    {
        string doc = """
        {"records":[
          {"time":"2026-03-14T09:26:53.1234567Z","resourceId":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg","operationName":"Microsoft.Network/networkSecurityGroups/delete","category":"Administrative","resultType":"Success","callerIpAddress":"192.0.2.1","location":"westeurope"},
          {"time":"2026-03-14T09:27:53Z","resourceId":"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg","operationName":"Microsoft.Network/networkSecurityGroups/read","category":"Administrative","resultType":"Success","callerIpAddress":"192.0.2.1","location":"westeurope"},
          42
        ]}
        """;
        var sink = Normalize.Text(doc);

        sink.Events.Should().HaveCount(2);
        sink.Events.Select(e => e.ClassUid).Should().AllBeEquivalentTo(6003);
        sink.Events[0].Partition.Should().Be(new Core.Mapping.EvidencePartition("azure", Sub, "westeurope"));
        sink.Quarantine.Should().ContainSingle().Which.Source.Should().Contain("#records[2]");
    }

    [Fact]
    public void Keys_are_read_whatever_their_case()
    {
        string record = """{"TIME":"2026-03-14T09:26:53Z","ResourceId":"/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM1","OPERATIONNAME":"MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE","Category":"Administrative","RESULTTYPE":"Succeeded","calleripaddress":"198.51.100.9","correlationid":"c-1"}""";
        var ev = Only(Normalize.Text(record));

        ev.GetProperty("activity_name").GetString().Should().Be("Delete");
        ev.GetProperty("status").GetString().Should().Be("Success");
        ev.GetProperty("src_endpoint").GetProperty("ip").GetString().Should().Be("198.51.100.9");
        ev.GetProperty("cloud").GetProperty("account").GetProperty("uid").GetString().Should().Be(Sub, "subscription ids are lower-cased");
        ev.GetProperty("api").GetProperty("request").GetProperty("uid").GetString().Should().Be("c-1");
    }

    [Theory]
    [InlineData("Microsoft.Insights/diagnosticSettings/delete", 1008)]
    [InlineData("Microsoft.Network/networkSecurityGroups/providers/Microsoft.Insights/diagnosticSettings/delete", 1008)]
    [InlineData("microsoft.operationalinsights/workspaces/delete", 1008)]
    [InlineData("Microsoft.Insights/diagnosticSettings/write", 6003)]
    public void Log_destination_deletions_are_event_log_activity(string operation, int classUid)
    {
        string record = """{"time":"2026-03-14T09:26:53Z","resourceId":"/subscriptions/00000000-0000-0000-0000-000000000001/providers/x","operationName":"OPERATION","category":"Administrative","resultType":"Success"}""".Replace("OPERATION", operation, StringComparison.Ordinal);
        Only(Normalize.Text(record)).GetProperty("class_uid").GetInt32().Should().Be(classUid);
    }

    [Theory]
    [InlineData("Microsoft.Network/virtualNetworks/write", false, 3)]
    [InlineData("Microsoft.Network/virtualNetworks/write", true, 1)]
    [InlineData("Microsoft.Network/virtualNetworks/read", false, 2)]
    [InlineData("Microsoft.Network/virtualNetworks/delete", false, 4)]
    [InlineData("Microsoft.Storage/storageAccounts/listKeys/action", false, 2)]
    [InlineData("Microsoft.KeyVault/vaults/keys/purge/action", false, 4)]
    [InlineData("Microsoft.Compute/virtualMachines/runCommand/action", false, 99)]
    [InlineData("SecretGet", false, 2)]
    [InlineData("KeyCreate", false, 1)]
    [InlineData("VaultPut", false, 3)]
    [InlineData("deleteblob", false, 4)]
    [InlineData("GetBlobProperties", false, 2)]
    public void Activities_come_from_the_operation_verb(string operation, bool created, int activity) =>
        AzureOperationVerbs.ActivityOf(operation, created).Should().Be(activity);

    [Fact]
    public void Notification_hubs_caller_identity_is_parsed_from_its_json_string()
    {
        string record = """{"operationName":"Microsoft.NotificationHubs/Namespaces/NotificationHubs/delete","resourceId":"/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000001/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.NOTIFICATIONHUBS/NAMESPACES/NS","time":"1/9/2026 10:41:00 AM +01:00","category":"OperationalLogs","resultType":"Succeeded","callerIdentity":"{ \"identityType\": \"Username\", \"identity\": \"push@example.com\" }"}""";
        var ev = Only(Normalize.Text(record));

        ev.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString().Should().Be("Notification Hubs");
        ev.GetProperty("actor").GetProperty("user").GetProperty("name").GetString().Should().Be("push@example.com");
        ev.GetProperty("time").GetInt64().Should().Be(1767951660000L);
        ev.GetProperty("activity_name").GetString().Should().Be("Delete");
    }

    [Fact]
    public void An_unreadable_time_is_replaced_by_the_received_time_and_labelled()
    {
        string record = """{"time":"not a time","resourceId":"/subscriptions/00000000-0000-0000-0000-000000000001/providers/x","operationName":"Microsoft.Web/sites/write","category":"Administrative"}""";
        var ev = Only(Normalize.Text(record));

        ev.GetProperty("time").GetInt64().Should().Be(FixedTime.Default.GetUtcNow().ToUnixTimeMilliseconds());
        var metadata = ev.GetProperty("metadata");
        metadata.GetProperty("original_time").GetString().Should().Be("not a time");
        metadata.GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Should().Contain("time:substituted-with-received-time");
        metadata.GetProperty("processed_time").GetInt64().Should().Be(FixedTime.Default.GetUtcNow().ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Records_without_a_stable_id_get_the_hash_of_their_bytes_and_rest_events_their_event_data_id()
    {
        string plain = """{"time":"2026-03-14T09:26:53Z","resourceId":"/subscriptions/00000000-0000-0000-0000-000000000001/providers/x","operationName":"Microsoft.Web/sites/write","category":"Administrative"}""";
        var first = Normalize.Text(plain).Events.Single().Uid;
        first.Should().HaveLength(64).And.Be(Normalize.Text(plain).Events.Single().Uid);

        string rest = """{"eventDataId":"7f0b7c8e-1d2a-4c5e-9f00-0a1b2c3d4e5f","eventTimestamp":"2026-03-14T09:26:53Z","resourceId":"/subscriptions/00000000-0000-0000-0000-000000000001/providers/x","operationName":{"value":"Microsoft.Web/sites/write","localizedValue":"Update site"},"category":{"value":"Administrative"},"status":{"value":"Succeeded"}}""";
        Normalize.Text(rest).Events.Single().Uid.Should().Be("7f0b7c8e-1d2a-4c5e-9f00-0a1b2c3d4e5f");
    }

    [Fact]
    public void CloudTrail_and_Event_Grid_shapes_are_not_taken()
    {
        using var cloudTrail = JsonDocument.Parse("""{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject","eventTime":"2026-03-14T09:26:53Z","operationName":"x"}""");
        using var eventGrid = JsonDocument.Parse("""{"id":"1","eventType":"Microsoft.Resources.ResourceWriteSuccess","subject":"/x","eventTime":"2026-03-14T09:26:53Z","data":{"operationName":"Microsoft.Web/sites/write"}}""");
        AzureMonitorHandler.IsAzureRecord(cloudTrail.RootElement).Should().BeFalse();
        AzureMonitorHandler.IsAzureRecord(eventGrid.RootElement).Should().BeFalse();
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7", null)]
    [InlineData("203.0.113.7:5443", "203.0.113.7", 5443)]
    [InlineData("[2001:db8::1]:443", "2001:db8::1", 443)]
    [InlineData("2001:db8::1", "2001:db8::1", null)]
    [InlineData("not-an-ip", null, null)]
    public void Caller_addresses_split_into_ip_and_port(string address, string? ip, int? port) =>
        AzureEventWriter.SplitAddress(address).Should().Be((ip, port));
}
