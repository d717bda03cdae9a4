using System.Diagnostics;

namespace TrailNormalizer.Cli.Tests;

/// <summary>Runs <c>trailnorm</c> as a separate process (the built trailnorm.dll beside the tests), for what needs real processes: concurrency, kills.</summary>
public static class TrailnormProcess
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "trailnorm.dll");

    public static Process Start(params string[] args) => StartIn(null, args);

    public static Process StartIn(string? workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        info.ArgumentList.Add(Dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start trailnorm");
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunInAsync(null, args);

    /// <summary>Runs trailnorm in <paramref name="workingDirectory"/> (null: this process's), to the end.</summary>
    public static async Task<CliRun> RunInAsync(string? workingDirectory, params string[] args)
    {
        using var process = StartIn(workingDirectory, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRun(process.ExitCode, await output, await error, []);
    }
}
