using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Infra.Azure.Tests;

/// <summary>
/// The Functions host's auth level and routes (function.json, host.json) agree with what the Bicep makes Event Grid
/// send: the WebHook delivery carries only the X-TrailNorm-Key header, no function key, so its function must be
/// anonymous; the AzureFunction delivery names an eventGridTrigger function.
/// </summary>
public sealed partial class DeliveryAuthLevelTests
{
    private static readonly string AppDirectory = Path.Combine(RepoPaths.Root, "functions-azure", "TrailNormalizer.Azure");

    private static string Destination => BuiltTemplate.Main.ModuleTemplate("eventGrid")["variables"]!["destination"]!.ToString();

    [Fact]
    public void The_WebHook_endpoint_is_an_anonymous_http_function_because_Event_Grid_sends_no_function_key()
    {
        var path = WebhookPath().Match(Destination);
        path.Success.Should().BeTrue(Destination);
        Destination.Should().NotContain("code=", "a function key in the URL would be stored in the subscription in clear");

        var trigger = HttpTriggerFor(path.Groups["path"].Value);

        trigger["authLevel"]!.ToString().Should().Be("anonymous", "the handler checks X-TrailNorm-Key itself; the host would answer 401 to Event Grid otherwise");
        trigger["methods"]!.AsArray().Select(m => m!.ToString()).Should().Contain(["post", "options"], "events and handshakes are POSTs; CloudEvents abuse protection is OPTIONS");
    }

    [Fact]
    public void The_AzureFunction_delivery_targets_an_Event_Grid_trigger()
    {
        var name = AzureFunctionTarget().Match(Destination);
        name.Success.Should().BeTrue(Destination);

        var binding = Bindings(name.Groups["name"].Value).Single();
        binding["type"]!.ToString().Should().Be("eventGridTrigger");
    }

    [Fact]
    public void Batched_WebHook_delivery_is_the_default()
    {
        BuiltTemplate.Main.Root["parameters"]!["eventDelivery"]!["defaultValue"]!.ToString().Should().Be("WebHook");
        File.ReadAllText(Path.Combine(InfraPaths.AzureDirectory, "main.bicepparam")).Should().Contain("param eventDelivery = 'WebHook'");
        Destination.Should().Contain("'maxEventsPerBatch', 100");
        BuiltTemplate.Main.Root["variables"]!["checkedWebhookKey"]!.ToString().Should().Contain("fail(", "WebHook delivery without a key must fail the deployment");
    }

    [Fact]
    public void An_invalid_name_prefix_fails_the_deployment_before_any_resource()
    {
        var parameter = BuiltTemplate.Main.Root["parameters"]!["namePrefix"]!;
        parameter["minLength"]!.GetValue<int>().Should().Be(3);
        parameter["maxLength"]!.GetValue<int>().Should().Be(9);
        BuiltTemplate.Main.Root["variables"]!["prefix"]!.ToString().Should().Contain("fail(");
        BuiltTemplate.Main.Root["variables"]!["badPrefixCharacters"]!.ToString().Should().Contain("abcdefghijklmnopqrstuvwxyz0123456789");
    }

    /// <summary>The httpTrigger binding whose route, under the host's route prefix, is <paramref name="path"/> (case-insensitive, as the host routes).</summary>
    private static JsonNode HttpTriggerFor(string path)
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AppDirectory, "host.json")))!;
        string prefix = "/" + ((string?)host["extensions"]?["http"]?["routePrefix"] ?? "api") + "/";
        path.Should().StartWith(prefix);
        string route = path[prefix.Length..];

        return Directory.EnumerateDirectories(AppDirectory)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .SelectMany(d => Bindings(Path.GetFileName(d)).Where(b => (string?)b["type"] == "httpTrigger")
                .Where(b => string.Equals((string?)b["route"] ?? Path.GetFileName(d), route, StringComparison.OrdinalIgnoreCase)))
            .Should().ContainSingle($"one http function serves {path}").Subject;
    }

    private static IEnumerable<JsonNode> Bindings(string function) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppDirectory, function, "function.json")))!["bindings"]!.AsArray()
            .Where(b => (string?)b!["direction"] == "in")!;

    [GeneratedRegex(@"'endpointUrl', format\('https://\{0\}(?<path>/[^']+)'")]
    private static partial Regex WebhookPath();

    [GeneratedRegex(@"'Microsoft\.Web/sites/functions', parameters\('functionAppName'\), '(?<name>[^']+)'")]
    private static partial Regex AzureFunctionTarget();
}
