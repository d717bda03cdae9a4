using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TrailNormalizer.TestSupport;

/// <summary>
/// A published binary run as a child process with exactly the environment the test gives it (nothing inherited),
/// its stdout and stderr collected line by line into <see cref="Output"/>. Disposing kills its whole process tree.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private const int TailLines = 60;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far, one line per line written.</summary>
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

    /// <summary>The last lines of <see cref="Output"/>, for failure messages.</summary>
    public string OutputTail
    {
        get
        {
            string[] lines = Output.Split('\n');
            return string.Join('\n', lines[Math.Max(0, lines.Length - TailLines)..]);
        }
    }

    /// <summary>
    /// The path of a published binary named by an environment variable that scripts/test.sh exports; a missing variable
    /// or file fails with a message that says how to get it (<paramref name="howToPublish"/>).
    /// </summary>
    public static string BinaryFrom(string variable, string howToPublish)
    {
        string? path = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(path))
        {
            throw new InvalidOperationException($"{variable} is not set: run scripts/test.sh, which publishes the binary and exports it, or {howToPublish} and set {variable} to it");
        }

        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{variable}={path} does not exist: {howToPublish}");
    }

    /// <summary>Starts <paramref name="binary"/> with exactly <paramref name="environment"/>.</summary>
    public static ChildProcess Start(string binary, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var child = new ChildProcess(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the process to end by itself (and its output to be read); its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            throw Timeout(timeout);
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    /// <inheritdoc cref="WaitForExit(TimeSpan)"/>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw Timeout(timeout);
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
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmHWM in /proc status");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private TimeoutException Timeout(TimeSpan timeout) =>
        new($"{Path.GetFileName(_process.StartInfo.FileName)} did not exit within {timeout}; last output:\n{OutputTail}");

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
