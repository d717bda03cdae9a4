using System.Text.Json;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Azure.EventGrid;

public class EventGridHandlerTests
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";

    private static JsonElement Single(string json)
    {
        var result = Normalize.Text(json);
        result.Quarantine.Should().BeEmpty();
        result.Events.Should().ContainSingle();
        return JsonDocument.Parse(result.Events[0].Json).RootElement;
    }

    [Theory]
    [InlineData("{ID}")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("Outgoing_2026030407050400000000-0000-0000-0000-000000000009")]
    public void The_event_id_is_metadata_uid_whatever_it_looks_like(string id)
    {
        var ev = Single($$$"""{"id":"{{{id}}}","topic":"/subscriptions/{{{Sub}}}","subject":"s","eventType":"Contoso.X","eventTime":"2026-03-01T00:00:00Z","data":{}}""");

        ev.GetProperty("metadata").GetProperty("uid").GetString().Should().Be(id);
    }

    [Fact]
    public void CloudEvents_id_is_metadata_uid_and_numeric_ids_keep_their_text()
    {
        var ev = Single("""{"specversion":"1.0","id":12345,"source":"contoso/x","type":"Contoso.X","time":"2026-03-01T00:00:00Z"}""");

        ev.GetProperty("metadata").GetProperty("uid").GetString().Should().Be("12345");
        ev.GetProperty("metadata").GetProperty("log_format").GetString().Should().Be("CloudEvents 1.0");
    }

    [Fact]
    public void An_event_without_id_gets_a_stable_hash_of_the_raw_event()
    {
        const string json = """{"topic":"/subscriptions/x","subject":"s","eventType":"Contoso.X","eventTime":"2026-03-01T00:00:00Z"}""";

        string first = Single(json).GetProperty("metadata").GetProperty("uid").GetString()!;
        string second = Single(json).GetProperty("metadata").GetProperty("uid").GetString()!;

        first.Should().HaveLength(64).And.Be(second);
    }

    [Fact]
    public void The_validation_handshake_is_a_control_message_in_either_schema()
    {
        var eventGrid = Normalize.Text("""[{"id":"a","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-03-01T00:00:00Z","data":{"validationCode":"c"}}]""");
        var cloudEvents = Normalize.Text("""{"specversion":"1.0","id":"b","source":"/subscriptions/x","type":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"c"}}""");

        foreach (var result in new[] { eventGrid, cloudEvents })
        {
            result.Events.Should().BeEmpty();
            result.Quarantine.Should().BeEmpty();
            result.Controls.Should().ContainSingle().Which.Kind.Should().Be("Microsoft.EventGrid.SubscriptionValidationEvent");
        }
    }

    [Fact]
    public void Arrays_of_events_become_one_event_each()
    {
        var result = Normalize.Text($$$"""
            [{"id":"1","topic":"/subscriptions/{{{Sub}}}","subject":"a","eventType":"Contoso.A","eventTime":"2026-03-01T00:00:00Z"},
             {"id":"2","topic":"/subscriptions/{{{Sub}}}","subject":"b","eventType":"Contoso.B","eventTime":"2026-03-01T00:00:01Z"}]
            """);

        result.Events.Select(e => e.Uid).Should().Equal("1", "2");
        result.Events.Should().OnlyContain(e => e.Partition.Cloud == "azure" && e.Partition.Account == Sub && e.Partition.Region == "unknown");
    }

    [Fact]
    public void Placeholder_subscriptions_are_not_accounts_and_file_under_unknown()
    {
        var result = Normalize.Text("""{"id":"1","topic":"/subscriptions/{subscription-id}/resourceGroups/g","subject":"a","eventType":"Contoso.A","eventTime":"2026-03-01T00:00:00Z"}""");

        result.Events.Single().Partition.Account.Should().Be("unknown");
        var ev = JsonDocument.Parse(result.Events[0].Json).RootElement;
        ev.GetProperty("cloud").TryGetProperty("account", out _).Should().BeFalse();
    }

    [Fact]
    public void A_region_in_the_data_is_the_partition_region()
    {
        var result = Normalize.Text($$$"""{"id":"1","topic":"/subscriptions/{{{Sub}}}","subject":"a","eventType":"Contoso.A","eventTime":"2026-03-01T00:00:00Z","data":{"location":"WestEurope"}}""");

        result.Events.Single().Partition.Region.Should().Be("westeurope");
    }

    [Fact]
    public void Data_as_a_JSON_string_is_parsed_before_mapping()
    {
        string data = JsonSerializerFree.Quote($$$"""{"api":"PutBlob","requestId":"r-1","url":"https://acct.blob.core.windows.net/c/b.txt"}""");
        var ev = Single($$$"""{"id":"1","topic":"/subscriptions/{{{Sub}}}/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct","subject":"/blobServices/default/containers/c/blobs/b.txt","eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-03-01T00:00:00Z","data":{{{data}}}}""");

        ev.GetProperty("api").GetProperty("operation").GetString().Should().Be("PutBlob");
        ev.GetProperty("api").GetProperty("request").GetProperty("uid").GetString().Should().Be("r-1");
    }

    [Fact]
    public void Data_base64_holding_JSON_is_decoded_and_binary_data_base64_is_kept_verbatim()
    {
        string encoded = Convert.ToBase64String("""{"api":"DeleteBlob","requestId":"r-2"}"""u8.ToArray());
        var json = Single($$$"""{"specversion":"1.0","id":"1","source":"/subscriptions/{{{Sub}}}","type":"Microsoft.Storage.BlobDeleted","time":"2026-03-01T00:00:00Z","data_base64":"{{{encoded}}}"}""");
        var binary = Single("""{"specversion":"1.0","id":"2","source":"contoso/items","type":"Contoso.Items.ItemReceived","time":"2026-03-01T00:00:00Z","data_base64":"samplebinarydata"}""");

        json.GetProperty("api").GetProperty("operation").GetString().Should().Be("DeleteBlob");
        binary.GetProperty("unmapped").GetProperty("data_base64").GetString().Should().Be("samplebinarydata");
    }

    [Fact]
    public void A_missing_or_unreadable_time_is_the_received_time_and_says_so()
    {
        var ev = Single("""{"id":"1","topic":"/subscriptions/x","subject":"a","eventType":"Contoso.A","eventTime":"yesterday"}""");

        ev.GetProperty("time").GetInt64().Should().Be(FixedTime.Default.GetUtcNow().ToUnixTimeMilliseconds());
        ev.GetProperty("metadata").GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Should().Contain("time:substituted-with-received-time");
    }

    [Fact]
    public void Legacy_CloudEvents_0_1_is_mapped_with_its_subject_split_from_source_and_labelled()
    {
        var ev = Single($$$"""{"cloudEventsVersion":"0.1","eventType":"Microsoft.Storage.BlobCreated","source":"/subscriptions/{{{Sub}}}/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/acct#blobServices/default/containers/c/blobs/f","eventID":"legacy-1","eventTime":"2026-03-01T00:00:00Z","data":{"api":"PutBlockList"}}""");

        ev.GetProperty("metadata").GetProperty("uid").GetString().Should().Be("legacy-1");
        ev.GetProperty("metadata").GetProperty("labels").EnumerateArray().Select(l => l.GetString()).Should().Contain("schema:cloudevents-0.1");
        ev.GetProperty("cloud").GetProperty("account").GetProperty("uid").GetString().Should().Be(Sub);
    }

    [Fact]
    public void CloudTrail_records_are_left_to_CloudTrail_even_though_they_say_eventType()
    {
        var result = Normalize.Text("""{"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","eventTime":"2026-03-01T00:00:00Z","eventType":"AwsApiCall","eventID":"ct-1","awsRegion":"us-east-1","recipientAccountId":"111122223333"}""");

        result.Events.Single().Partition.Cloud.Should().Be("aws");
    }

    [Fact]
    public void Resource_events_take_their_status_from_the_event_type_not_from_data_status()
    {
        var ev = Single($$$"""{"id":"1","topic":"/subscriptions/{{{Sub}}}","subject":"/subscriptions/{{{Sub}}}/resourceGroups/g","eventType":"Microsoft.Resources.ResourceWriteFailure","eventTime":"2026-03-01T00:00:00Z","data":{"operationName":"Microsoft.Resources/subscriptions/resourceGroups/write","status":"Succeeded","correlationId":"c-1"}}""");

        ev.GetProperty("status_id").GetInt32().Should().Be(2);
        ev.GetProperty("status_code").GetString().Should().Be("Succeeded");
        ev.GetProperty("activity_id").GetInt32().Should().Be(3);
        ev.GetProperty("api").GetProperty("request").GetProperty("uid").GetString().Should().Be("c-1");
    }

    [Fact]
    public void Resource_claims_encoded_as_JSON_strings_name_the_caller()
    {
        string claims = JsonSerializerFree.Quote("""{"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":"ops@contoso.example","ipaddr":"192.0.2.10","appid":"00000000-0000-0000-0000-0000000000c1"}""");
        var ev = Single($$$"""{"id":"1","topic":"/subscriptions/{{{Sub}}}","subject":"/subscriptions/{{{Sub}}}/resourceGroups/g","eventType":"Microsoft.Resources.ResourceDeleteSuccess","eventTime":"2026-03-01T00:00:00Z","data":{"operationName":"Microsoft.Resources/subscriptions/resourceGroups/delete","claims":{{{claims}}}}}""");

        ev.GetProperty("actor").GetProperty("user").GetProperty("name").GetString().Should().Be("ops@contoso.example");
        ev.GetProperty("src_endpoint").GetProperty("ip").GetString().Should().Be("192.0.2.10");
        ev.GetProperty("activity_id").GetInt32().Should().Be(4);
    }

    [Theory]
    [InlineData("Compliant", 1, "Pass")]
    [InlineData("NonCompliant", 3, "Fail")]
    [InlineData("Exempt", 99, "Other")]
    public void Policy_states_are_compliance_findings_with_the_compliance_state_as_status(string state, int statusId, string status)
    {
        var ev = Single($$$"""{"id":"1","topic":"/subscriptions/{{{Sub}}}","subject":"/subscriptions/{{{Sub}}}/resourceGroups/g","eventType":"Microsoft.PolicyInsights.PolicyStateChanged","eventTime":"2026-03-01T00:00:00Z","data":{"policyAssignmentId":"/subscriptions/{{{Sub}}}/providers/microsoft.authorization/policyassignments/a","policyDefinitionId":"/providers/microsoft.authorization/policydefinitions/d","complianceState":"{{{state}}}"}}""");

        ev.GetProperty("class_uid").GetInt32().Should().Be(2003);
        ev.GetProperty("compliance").GetProperty("status_id").GetInt32().Should().Be(statusId);
        ev.GetProperty("compliance").GetProperty("status").GetString().Should().Be(status);
        ev.GetProperty("finding_info").GetProperty("uid").GetString().Should().StartWith($"/subscriptions/{Sub}/providers/microsoft.authorization/policyassignments/a|");
    }

    [Theory]
    [InlineData("Delivered", 1)]
    [InlineData("Failed", 2)]
    [InlineData("Pending", 99)]
    public void SMS_delivery_status_is_the_event_status(string delivery, int statusId)
    {
        var ev = Single($$$"""{"id":"m-1","topic":"/subscriptions/{{{Sub}}}/resourceGroups/g/providers/microsoft.communication/communicationservices/acs","subject":"/phonenumber/15550100001","eventType":"Microsoft.Communication.SMSDeliveryReportReceived","eventTime":"2026-03-01T00:00:00Z","data":{"messageId":"m-1","from":"+15550100001","to":"+15550100002","deliveryStatus":"{{{delivery}}}"}}""");

        ev.GetProperty("status_id").GetInt32().Should().Be(statusId);
        ev.GetProperty("status_code").GetString().Should().Be(delivery);
    }

    [Fact]
    public void Unknown_Azure_types_about_a_resource_are_API_Activity_named_after_the_type_with_the_data_kept()
    {
        var ev = Single($$$"""{"id":"1","topic":"/subscriptions/{{{Sub}}}","subject":"a","eventType":"Microsoft.ServiceBus.ActiveMessagesAvailableWithNoListeners","eventTime":"2026-03-01T00:00:00Z","data":{"namespaceName":"ns"}}""");

        ev.GetProperty("class_uid").GetInt32().Should().Be(6003);
        ev.GetProperty("activity_name").GetString().Should().Be("Microsoft.ServiceBus.ActiveMessagesAvailableWithNoListeners");
        ev.GetProperty("status_id").GetInt32().Should().Be(0, "an unknown type says nothing about an outcome");
        ev.GetProperty("api").GetProperty("operation").GetString().Should().Be("ActiveMessagesAvailableWithNoListeners");
        ev.GetProperty("unmapped").GetProperty("data").GetProperty("namespaceName").GetString().Should().Be("ns");
        ev.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString().Should().Be("Service Bus");
    }

    [Fact]
    public void Custom_types_without_an_Azure_resource_are_Base_Events_with_the_operation_typed()
    {
        var ev = Single("""{"id":"1","topic":"/custom/topic","subject":"orders/42","eventType":"Contoso.Orders.Shipped","eventTime":"2026-03-01T00:00:00Z","data":{"n":1}}""");

        ev.GetProperty("class_uid").GetInt32().Should().Be(0);
        ev.GetProperty("api").GetProperty("operation").GetString().Should().Be("Contoso.Orders.Shipped");
        ev.GetProperty("metadata").GetProperty("product").GetProperty("vendor_name").GetString().Should().Be("Contoso");
        ev.TryGetProperty("actor", out _).Should().BeFalse();
    }
}

/// <summary>JSON string quoting for test inputs without the reflection serializer.</summary>
internal static class JsonSerializerFree
{
    public static string Quote(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStringValue(text);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
