using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>
/// The real published handler (TRAILNORM_AZURE_HANDLER) as a child process, started the way the Functions host starts
/// it: FUNCTIONS_CUSTOMHANDLER_PORT plus the app settings as environment variables, working directory = its folder.
/// </summary>
internal sealed class HandlerProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(3) };
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HandlerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string BinaryPath =>
        Environment.GetEnvironmentVariable("TRAILNORM_AZURE_HANDLER") is { Length: > 0 } path
            ? File.Exists(path) ? path : throw new InvalidOperationException($"TRAILNORM_AZURE_HANDLER={path} does not exist: run scripts/test.sh, which publishes the handler")
            : throw new InvalidOperationException("TRAILNORM_AZURE_HANDLER is not set: run scripts/test.sh (it publishes functions-azure/TrailNormalizer.Azure with Native AOT and sets it) or set it to the published trailnorm-handler");

    /// <summary>Starts the handler on a free loopback port without waiting for it.</summary>
    public static HandlerProcess Launch(IReadOnlyDictionary<string, string> settings, bool setPort = true)
    {
        int port = FreePort();
        var start = new ProcessStartInfo(BinaryPath)
        {
            WorkingDirectory = Path.GetDirectoryName(BinaryPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("TRAILNORM_", StringComparison.Ordinal) || k.StartsWith("FUNCTIONS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        if (setPort)
        {
            start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var handler = new HandlerProcess(process, port);
        process.OutputDataReceived += (_, e) => handler.Append(e.Data);
        process.ErrorDataReceived += (_, e) => handler.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return handler;
    }

    /// <summary>Starts the handler and waits until it accepts connections; fails with its output if it exits instead.</summary>
    public static HandlerProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var handler = Launch(settings);
        handler.WaitUntilListening();
        return handler;
    }

    public void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit();
                throw new InvalidOperationException($"the handler exited with {_process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(10);
            }
        }

        throw new TimeoutException($"the handler did not listen on {Port} within 30 s:\n{Output}");
    }

    /// <summary>Waits for the process to exit (start-up refusals) and returns its exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            throw new TimeoutException($"the handler did not exit:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <summary>POSTs an invocation payload to /<paramref name="function"/> exactly as the Functions host does.</summary>
    public (int Status, string Body) Invoke(string function, string payload)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = Http.PostAsync(new Uri($"http://127.0.0.1:{Port}/{function}"), content).GetAwaiter().GetResult();
        return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
