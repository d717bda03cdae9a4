using System.Diagnostics;
using TrailNormalizer.Aws.Configuration;
using TrailNormalizer.Aws.Functions;
using TrailNormalizer.Aws.Storage;

namespace TrailNormalizer.Aws.Runtime;

/// <summary>
/// Start-up: finds the Runtime API, reads the configuration and starts building the function (clients created once
/// and reused by every invocation, the evidence bucket's Object Lock check, the built-in rules) on the thread pool,
/// then asks for the first event at once. A configuration error is reported to Lambda as an init error and the process
/// exits non-zero. The loop hands no event to the function before its build has passed; a build that fails (a bucket
/// without Object Lock) answers the event in hand with the error and exits non-zero, so a misconfigured function
/// fails loudly instead of acknowledging events.
/// </summary>
public static class Bootstrap
{
    /// <summary>The errorType of configuration problems reported to /runtime/init/error or to the first invocation.</summary>
    public const string ConfigurationErrorType = "TrailNormalizer.ConfigurationError";

    /// <summary>The errorType Lambda gets for a start-up failure.</summary>
    public static string ErrorTypeOf(Exception ex) =>
        ex is LambdaSettingsException or StorageConfigurationException ? ConfigurationErrorType : ex.GetType().Name;

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
        LambdaSettings settings;
        try
        {
            settings = LambdaSettings.Read(environment);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await ReportInitError(runtime, log, ex, cancellation).ConfigureAwait(false);
            return 1;
        }

        var deadline = new InvocationDeadline(time);
        // The build starts on a thread of its own (creating the S3 client takes a while); the loop does not wait for it.
        var building = Task.Factory.StartNew(() => FunctionHost.CreateAsync(settings, deadline, time, cancellation), cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        log.Info("init done", w =>
        {
            w.WriteString("function", settings.Function == LambdaFunction.Seal ? "seal" : "sqs");
            w.WriteNumber("initMs", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        try
        {
            return await new LambdaLoop(runtime, Ready(building, log, started), log, time) { Deadline = deadline }.RunAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            if (building.IsCompletedSuccessfully)
            {
                building.Result.Dispose();
            }
        }
    }

    /// <summary>The function's handler once its build has passed, logging how long each part took.</summary>
    private static async Task<IInvocationHandler> Ready(Task<FunctionHost> building, JsonLog log, long started)
    {
        var host = await building.ConfigureAwait(false);
        log.Info("ready", w =>
        {
            w.WriteString("function", host.Name);
            w.WriteNumber("readyMs", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            w.WriteNumber("objectLockCheckMs", host.Times.ObjectLockCheck.TotalMilliseconds);
            w.WriteNumber("lockConfigurationCallMs", host.Times.ObjectLockCalls.LockConfiguration.TotalMilliseconds);
            w.WriteNumber("versioningCallMs", host.Times.ObjectLockCalls.Versioning.TotalMilliseconds);
            w.WriteNumber("rulesMs", host.Times.Rules.TotalMilliseconds);
        });
        return host.Handler;
    }

    private static async Task ReportInitError(LambdaRuntimeClient runtime, JsonLog log, Exception ex, CancellationToken cancellation)
    {
        string errorType = ErrorTypeOf(ex);
        log.Error("init failed", w => { w.WriteString("errorType", errorType); w.WriteString("error", ex.Message); });
        try
        {
            await runtime.ReportInitErrorAsync(errorType, ex.Message, cancellation).ConfigureAwait(false);
        }
        catch (Exception report) when (report is RuntimeApiException or HttpRequestException or OperationCanceledException)
        {
            log.Error("cannot report the init error", w => w.WriteString("error", report.Message));
        }
    }
}
