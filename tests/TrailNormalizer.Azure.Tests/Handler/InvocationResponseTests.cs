using System.Text.Json;
using TrailNormalizer.Azure.Host;

namespace TrailNormalizer.Azure.Tests.Handler;

public sealed class InvocationResponseTests
{
    [Fact]
    public void Response_has_Outputs_Logs_and_ReturnValue()
    {
        var response = InvocationResponse.Ok("one", "two");

        using var json = JsonDocument.Parse(response.ToJson());

        response.StatusCode.Should().Be(200);
        json.RootElement.GetProperty("Outputs").EnumerateObject().Should().BeEmpty();
        json.RootElement.GetProperty("Logs").EnumerateArray().Select(l => l.GetString()).Should().Equal("one", "two");
        json.RootElement.GetProperty("ReturnValue").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Http_output_binding_carries_statusCode_headers_and_body()
    {
        var response = InvocationResponse.Ok().WithHttp("res", new HttpOutput(202, "body \"text\"", [new("WebHook-Allowed-Origin", "eventgrid.azure.net")]));

        using var json = JsonDocument.Parse(response.ToJson());
        var res = json.RootElement.GetProperty("Outputs").GetProperty("res");

        res.GetProperty("statusCode").GetInt32().Should().Be(202);
        res.GetProperty("headers").GetProperty("WebHook-Allowed-Origin").GetString().Should().Be("eventgrid.azure.net");
        res.GetProperty("body").GetString().Should().Be("body \"text\"");
    }

    [Fact]
    public void Failed_response_carries_its_status_and_reason()
    {
        var response = InvocationResponse.Failed(500, "storage down");

        using var json = JsonDocument.Parse(response.ToJson());

        response.StatusCode.Should().Be(500);
        json.RootElement.GetProperty("Logs")[0].GetString().Should().Be("storage down");
    }
}
