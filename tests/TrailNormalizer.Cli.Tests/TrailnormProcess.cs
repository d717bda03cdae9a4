using System.Diagnostics;

namespace TrailNormalizer.Cli.Tests;

/// <summary>Runs <c>trailnorm</c> as a separate process (the built trailnorm.dll beside the tests), for what needs real processes: concurrency, kills.</summary>
public static class TrailnormProcess
{
    private static string Dll => Path.Combine(AppContext.BaseDirectory, "trailnorm.dll");

    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (string arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start trailnorm");
    }

    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new CliRun(process.ExitCode, await output, await error, []);
    }
}
