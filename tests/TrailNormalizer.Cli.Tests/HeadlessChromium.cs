using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TrailNormalizer.Cli.Tests;

/// <summary>
/// Debian's <c>chromium</c> run headless and driven over the DevTools protocol (one page): open a file, collect console
/// errors, query the DOM, take a full-page screenshot and print to PDF. Chromium missing is a test failure, never a skip:
/// scripts/test.sh installs it; TRAILNORM_CHROMIUM may name another binary.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonObject> _events = [];
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, uncaught exceptions and error log entries (failed loads, CSP violations) since the last navigation.</summary>
    public List<string> Errors { get; } = [];

    public static async Task<HeadlessChromium> StartAsync()
    {
        string executable = FindExecutable();
        string profile = Directory.CreateTempSubdirectory("trailnorm-chromium-").FullName;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}",
            "--remote-debugging-port=0", "about:blank"])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync();
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }

        return browser;
    }

    public async Task OpenAsync(string path)
    {
        Errors.Clear();
        _events.Clear();
        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(path).AbsoluteUri });
        await WaitForEventAsync("Page.loadEventFired");
    }

    /// <summary>The value of a JavaScript expression evaluated in the page (by DevTools; the page itself runs no script).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        return result["exceptionDetails"] is { } error
            ? throw new InvalidOperationException($"{expression}: {error.ToJsonString()}")
            : result["result"]?["value"];
    }

    /// <summary>A PNG of the whole page at <paramref name="width"/> CSS pixels.</summary>
    public async Task<byte[]> ScreenshotAsync(int width = 1100)
    {
        var metrics = await SendAsync("Page.getLayoutMetrics", []);
        int height = (int)Math.Ceiling(metrics["cssContentSize"]!["height"]!.GetValue<double>());
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = Math.Min(height, 16_000), ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    public async Task<byte[]> PrintToPdfAsync()
    {
        var pdf = await SendAsync("Page.printToPDF", new JsonObject { ["printBackground"] = true, ["preferCSSPageSize"] = true });
        return Convert.FromBase64String(pdf["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still be flushing its profile; the temp folder is harmless.
        }
    }

    private static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("TRAILNORM_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"TRAILNORM_CHROMIUM={configured} does not exist");
        }

        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        return ((string[])["chromium", "chromium-browser"]).SelectMany(name => dirs.Select(d => Path.Combine(d, name))).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not installed: the report test renders report.html in headless Chromium "
                + "(apt-get install chromium; scripts/test.sh installs it) or set TRAILNORM_CHROMIUM to a Chromium binary");
    }

    private async Task ConnectAsync()
    {
        string portFile = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(portFile) || File.ReadAllText(portFile).Split('\n').Length < 2)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"chromium did not open its DevTools port (exit: {(_process.HasExited ? _process.ExitCode : "still running")})");
            }

            await Task.Delay(50);
        }

        string port = File.ReadAllText(portFile).Split('\n')[0].Trim();
        using var http = new HttpClient { Timeout = Timeout };
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")))!.AsArray();
        string page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        using var cts = new CancellationTokenSource(Timeout);
        await _socket.ConnectAsync(new Uri(page), cts.Token);
        foreach (string domain in (string[])["Page", "Runtime", "Log"])
        {
            await SendAsync($"{domain}.enable", []);
        }
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters)
    {
        int id = ++_nextId;
        byte[] message = Encoding.UTF8.GetBytes(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString());
        using var cts = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cts.Token);
        while (true)
        {
            var reply = await ReceiveAsync(cts.Token);
            if (reply["id"]?.GetValue<int>() == id)
            {
                return reply["error"] is { } error
                    ? throw new InvalidOperationException($"{method}: {error.ToJsonString()}")
                    : reply["result"]!.AsObject();
            }
        }
    }

    private async Task WaitForEventAsync(string method)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!_events.Any(e => e["method"]!.GetValue<string>() == method))
        {
            await ReceiveAsync(cts.Token);
        }
    }

    private async Task<JsonObject> ReceiveAsync(CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(chunk, cancel);
            buffer.Write(chunk, 0, result.Count);
        }
        while (!result.EndOfMessage);

        var message = JsonNode.Parse(buffer.ToArray())!.AsObject();
        if (message["method"] is { } method)
        {
            _events.Add(message);
            Record(method.GetValue<string>(), message["params"]);
        }

        return message;
    }

    private void Record(string method, JsonNode? p)
    {
        string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString();
        if (method == "Runtime.consoleAPICalled" && Text(p?["type"]) is "error" or "assert")
        {
            Errors.Add($"console: {Text(p?["args"])}");
        }
        else if (method == "Runtime.exceptionThrown")
        {
            Errors.Add($"exception: {Text(p?["exceptionDetails"])}");
        }
        else if (method == "Log.entryAdded" && Text(p?["entry"]?["level"]) == "error")
        {
            Errors.Add($"log: {Text(p?["entry"]?["text"])} {Text(p?["entry"]?["url"])}");
        }
    }
}
