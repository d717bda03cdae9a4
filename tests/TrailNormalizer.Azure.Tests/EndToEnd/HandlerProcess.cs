using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using TrailNormalizer.TestSupport;

namespace TrailNormalizer.Azure.Tests.EndToEnd;

/// <summary>
/// The real published handler (TRAILNORM_AZURE_HANDLER) as a child process, started the way the Functions host starts
/// it: FUNCTIONS_CUSTOMHANDLER_PORT plus the app settings as environment variables, working directory = its folder.
/// </summary>
internal sealed class HandlerProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(3) };
    private readonly ChildProcess _process;

    private HandlerProcess(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => _process.Output;

    public static string BinaryPath => ChildProcess.BinaryFrom(
        "TRAILNORM_AZURE_HANDLER", "publish it with dotnet publish functions-azure/TrailNormalizer.Azure -c Release -r linux-x64 (Native AOT)");

    /// <summary>Starts the handler on a free loopback port without waiting for it.</summary>
    public static HandlerProcess Launch(IReadOnlyDictionary<string, string> settings, bool setPort = true)
    {
        int port = LoopbackPort.Free();
        // The host's own environment, minus any TRAILNORM_/FUNCTIONS_ setting of the test run, plus the app settings.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            string name = (string)variable.Key;
            if (!name.StartsWith("TRAILNORM_", StringComparison.Ordinal) && !name.StartsWith("FUNCTIONS_", StringComparison.Ordinal))
            {
                environment[name] = (string?)variable.Value ?? "";
            }
        }

        if (setPort)
        {
            environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        string binary = BinaryPath;
        return new HandlerProcess(ChildProcess.Start(binary, environment, Path.GetDirectoryName(binary)), port);
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
                throw new InvalidOperationException($"the handler exited with {_process.WaitForExit(TimeSpan.FromSeconds(5))} during start-up:\n{_process.OutputTail}");
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

        throw new TimeoutException($"the handler did not listen on {Port} within 30 s:\n{_process.OutputTail}");
    }

    /// <summary>Waits for the process to exit (start-up refusals) and returns its exit code.</summary>
    public int WaitForExit() => _process.WaitForExit(TimeSpan.FromSeconds(60));

    /// <summary>POSTs an invocation payload to /<paramref name="function"/> exactly as the Functions host does.</summary>
    public (int Status, string Body) Invoke(string function, string payload)
    {
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = Http.PostAsync(new Uri($"http://127.0.0.1:{Port}/{function}"), content).GetAwaiter().GetResult();
        return ((int)response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    public void Dispose() => _process.Dispose();
}
