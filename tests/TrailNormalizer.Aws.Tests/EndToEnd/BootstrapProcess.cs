using System.Diagnostics;
using System.Text;

namespace TrailNormalizer.Aws.Tests.EndToEnd;

/// <summary>
/// The real published <c>bootstrap</c> (path in TRAILNORM_BOOTSTRAP, exported by scripts/test.sh) as a child process
/// with only the environment the test gives it, as Lambda would start it. Killed when disposed.
/// </summary>
public sealed class BootstrapProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BootstrapProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string BinaryPath => Environment.GetEnvironmentVariable("TRAILNORM_BOOTSTRAP") is { Length: > 0 } path
        ? File.Exists(path) ? path : throw new InvalidOperationException($"TRAILNORM_BOOTSTRAP={path} does not exist: publish with dotnet publish functions-aws/TrailNormalizer.Aws -c Release -r linux-x64")
        : throw new InvalidOperationException(
            "TRAILNORM_BOOTSTRAP is not set: run scripts/test.sh, which publishes functions-aws/TrailNormalizer.Aws and exports the path of its bootstrap");

    public int Id => _process.Id;

    /// <summary>Everything the process wrote (its JSON log lines) so far.</summary>
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

    /// <summary>Starts the binary with exactly <paramref name="environment"/> (plus PATH), nothing inherited.</summary>
    public static BootstrapProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(BinaryPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new BootstrapProcess(Process.Start(start) ?? throw new InvalidOperationException("bootstrap did not start"));
    }

    /// <summary>Waits for the process to end by itself; its exit code.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"bootstrap did not exit within {timeout}; output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Peak resident memory so far (VmHWM from /proc), in bytes.</summary>
    public long PeakRssBytes()
    {
        foreach (string line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmHWM in /proc status");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
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
