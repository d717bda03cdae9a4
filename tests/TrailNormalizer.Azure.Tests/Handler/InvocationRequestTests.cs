using System.Text;
using System.Text.Json;
using TrailNormalizer.Azure.Host;

namespace TrailNormalizer.Azure.Tests.Handler;

public sealed class InvocationRequestTests
{
    private const string Event = """{"id":"1","eventType":"Microsoft.Resources.ResourceWriteSuccess","subject":"/s","eventTime":"2026-01-01T00:00:00Z","data":{}}""";

    [Fact]
    public void Trigger_value_sent_as_an_object_is_returned_as_is()
    {
        using var request = Parse("""{"Data":{"eventGridEvent":""" + Event + """},"Metadata":{}}""");

        var value = request.Trigger("eventGridEvent");

        value!.Value.ValueKind.Should().Be(JsonValueKind.Object);
        value.Value.GetProperty("id").GetString().Should().Be("1");
    }

    [Fact]
    public void Trigger_value_sent_as_a_json_string_is_decoded()
    {
        using var request = Parse(WithValue(JsonSerializer.Serialize(Event, Json.Default.String)));

        var value = request.Trigger("eventGridEvent");

        value!.Value.ValueKind.Should().Be(JsonValueKind.Object);
        value.Value.GetProperty("eventType").GetString().Should().Be("Microsoft.Resources.ResourceWriteSuccess");
    }

    [Fact]
    public void Trigger_value_sent_as_the_string_of_an_array_is_decoded_to_the_array()
    {
        using var request = Parse(WithValue(JsonSerializer.Serialize($"[{Event},{Event}]", Json.Default.String)));

        var value = request.Trigger("eventGridEvent");

        value!.Value.ValueKind.Should().Be(JsonValueKind.Array);
        value.Value.GetArrayLength().Should().Be(2);
    }

    [Fact]
    public void Trigger_value_encoded_twice_is_decoded_twice()
    {
        string once = JsonSerializer.Serialize(Event, Json.Default.String);
        using var request = Parse(WithValue(JsonSerializer.Serialize(once, Json.Default.String)));

        request.Trigger("eventGridEvent")!.Value.ValueKind.Should().Be(JsonValueKind.Object);
    }

    [Fact]
    public void A_string_that_is_not_json_stays_a_string_for_the_caller_to_quarantine()
    {
        using var request = Parse("""{"Data":{"eventGridEvent":"{not json"}}""");

        var value = request.Trigger("eventGridEvent");

        value!.Value.ValueKind.Should().Be(JsonValueKind.String);
        value.Value.GetString().Should().Be("{not json");
    }

    [Fact]
    public void Missing_or_null_binding_is_null()
    {
        using var request = Parse("""{"Data":{"other":1,"timer":null},"Metadata":{"sys":{"RandGuid":"abc"}}}""");

        request.Trigger("eventGridEvent").Should().BeNull();
        request.Trigger("timer").Should().BeNull();
        request.InvocationId.Should().Be("abc");
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""{"Data":"x"}""")]
    public void A_payload_without_a_Data_object_is_refused(string payload)
    {
        var act = () => Parse(payload);

        act.Should().Throw<InvalidInvocationException>();
    }

    private static string WithValue(string valueJson) => """{"Data":{"eventGridEvent":""" + valueJson + "}}";

    private static InvocationRequest Parse(string payload) => InvocationRequest.Parse(Encoding.UTF8.GetBytes(payload));
}
