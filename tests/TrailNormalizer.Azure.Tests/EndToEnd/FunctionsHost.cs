using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>An HTTP answer as the caller (Event Grid) sees it.</summary>
internal sealed record HostAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body, bool ReachedHandler);

/// <summary>
/// The part of the Azure Functions host that stands between Event Grid and the custom handler for an HTTP trigger,
/// driven by the published <c>host.json</c> and <c>function.json</c> files: it finds the function by route under the
/// route prefix (case-insensitive, as the host matches routes) and method, applies the function's authLevel (anything
/// but anonymous needs a function key in <c>code=</c> or <c>x-functions-key</c>, which Event Grid never sends; refused
/// with 401 before the handler is called), and otherwise forwards the request as the custom-handler invocation payload
/// (<c>enableForwardingHttpRequest</c> off) and turns the handler's <c>Outputs.res</c> back into the HTTP answer.
/// </summary>
internal sealed class FunctionsHost(HandlerProcess handler, string appDirectory)
{
    /// <summary>The function key this host would accept (the test never gives it to Event Grid, as Bicep does not).</summary>
    public const string FunctionKey = "host-function-key";

    /// <summary>Replaces a function's authLevel, to show what a different function.json would do.</summary>
    public Dictionary<string, string> AuthLevelOverrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    public HostAnswer Send(string method, Uri url, IReadOnlyList<(string Name, string Value)> headers, string? body)
    {
        var (function, trigger) = Route(url.AbsolutePath, method);
        if (function is null)
        {
            return new HostAnswer(404, new Dictionary<string, string>(), "", ReachedHandler: false);
        }

        string authLevel = AuthLevelOverrides.GetValueOrDefault(function) ?? (string?)trigger!["authLevel"] ?? "function";
        if (!string.Equals(authLevel, "anonymous", StringComparison.OrdinalIgnoreCase) && !HasFunctionKey(url, headers))
        {
            return new HostAnswer(401, new Dictionary<string, string>(), "", ReachedHandler: false);
        }

        var (status, answer) = handler.Invoke(function, Invocation((string)trigger!["name"]!, method, url, headers, body));
        if (status != 200)
        {
            return new HostAnswer(500, new Dictionary<string, string>(), answer, ReachedHandler: true);
        }

        var res = JsonDocument.Parse(answer).RootElement.GetProperty("Outputs").GetProperty(OutputBinding(function));
        var outHeaders = res.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object
            ? h.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        return new HostAnswer(res.GetProperty("statusCode").GetInt32(), outHeaders, res.TryGetProperty("body", out var b) ? b.GetString() ?? "" : "", ReachedHandler: true);
    }

    /// <summary>The httpTrigger function whose route matches the path under the route prefix and which accepts the method.</summary>
    private (string? Function, JsonNode? Trigger) Route(string path, string method)
    {
        string prefix = "/" + RoutePrefix().Trim('/') + "/";
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        string route = path[prefix.Length..].Trim('/');
        foreach (var dir in Directory.EnumerateDirectories(appDirectory))
        {
            var file = Path.Combine(dir, "function.json");
            if (!File.Exists(file))
            {
                continue;
            }

            var trigger = JsonNode.Parse(File.ReadAllText(file))!["bindings"]!.AsArray()
                .FirstOrDefault(b => (string?)b!["type"] == "httpTrigger");
            string function = Path.GetFileName(dir);
            string functionRoute = (string?)trigger?["route"] ?? function;
            bool methodAllowed = trigger?["methods"] is not JsonArray methods
                || methods.Any(m => string.Equals((string?)m, method, StringComparison.OrdinalIgnoreCase));
            if (trigger is not null && methodAllowed && string.Equals(functionRoute, route, StringComparison.OrdinalIgnoreCase))
            {
                return (function, trigger);
            }
        }

        return (null, null);
    }

    private string RoutePrefix() =>
        (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(appDirectory, "host.json")))?["extensions"]?["http"]?["routePrefix"] ?? "api";

    private string OutputBinding(string function) =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(appDirectory, function, "function.json")))!["bindings"]!.AsArray()
            .First(b => (string?)b!["type"] == "http" && (string?)b["direction"] == "out")!["name"]!;

    private static bool HasFunctionKey(Uri url, IReadOnlyList<(string Name, string Value)> headers) =>
        url.Query.Contains("code=" + FunctionKey, StringComparison.Ordinal)
        || headers.Any(h => string.Equals(h.Name, "x-functions-key", StringComparison.OrdinalIgnoreCase) && h.Value == FunctionKey);

    private static string Invocation(string binding, string method, Uri url, IReadOnlyList<(string Name, string Value)> headers, string? body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("Data");
            Handler.HttpTriggerJson.WriteRequest(w, binding, url.ToString(), method.ToUpperInvariant(), headers, body);
            w.WriteEndObject();
            w.WriteStartObject("Metadata");
            w.WriteStartObject("sys");
            w.WriteString("MethodName", binding);
            w.WriteString("RandGuid", Guid.NewGuid().ToString());
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
