using System.Diagnostics;
using TrailNormalizer.Aws.Configuration;
using TrailNormalizer.Aws.Functions;
using TrailNormalizer.Aws.Storage;

namespace TrailNormalizer.Aws.Runtime;

/// <summary>
/// Start-up: finds the Runtime API, reads the configuration, builds the function (clients created once and
/// reused by every invocation) and runs the loop. Any start-up failure is reported to Lambda as an init error
/// and the process exits non-zero, so a misconfigured function fails loudly instead of acknowledging events.
/// </summary>
public static class Bootstrap
{
    /// <summary>The errorType of configuration problems reported to /runtime/init/error.</summary>
    public const string ConfigurationErrorType = "TrailNormalizer.ConfigurationError";

    public static async Task<int> RunAsync(Func<string, string?> environment, CancellationToken cancellation = default)
    {
        var time = TimeProvider.System;
        var log = JsonLog.StandardOutput(time);
        long started = Stopwatch.GetTimestamp();
        Uri api;
        try
        {
            api = LambdaRuntimeClient.ParseAddress(environment("AWS_LAMBDA_RUNTIME_API"));
        }
        catch (ArgumentException ex)
        {
            log.Error("cannot start", w => w.WriteString("error", ex.Message));
            return 2;
        }

        using var runtime = new LambdaRuntimeClient(api);
        FunctionHost host;
        try
        {
            host = await FunctionHost.CreateAsync(LambdaSettings.Read(environment), time, cancellation).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string errorType = ex is LambdaSettingsException or StorageConfigurationException ? ConfigurationErrorType : ex.GetType().Name;
            log.Error("init failed", w => { w.WriteString("errorType", errorType); w.WriteString("error", ex.Message); });
            try
            {
                await runtime.ReportInitErrorAsync(errorType, ex.Message, cancellation).ConfigureAwait(false);
            }
            catch (Exception report) when (report is RuntimeApiException or HttpRequestException or OperationCanceledException)
            {
                log.Error("cannot report the init error", w => w.WriteString("error", report.Message));
            }

            return 1;
        }

        using (host)
        {
            log.Info("init done", w =>
            {
                w.WriteString("function", host.Name);
                w.WriteNumber("initMs", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                w.WriteNumber("objectLockCheckMs", host.ObjectLockCheckTime.TotalMilliseconds);
            });
            return await new LambdaLoop(runtime, host.Handler, log, time) { Deadline = host.Deadline }.RunAsync(cancellation).ConfigureAwait(false);
        }
    }
}
