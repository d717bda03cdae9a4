using System.Diagnostics;
using System.Net.Http;

namespace TrailNormalizer.Aws.Runtime;

/// <summary>
/// The runtime's event loop: next → handle → response or error, for as long as the sandbox lives. A handler
/// that throws fails only its invocation; the loop ends only when the Runtime API itself is gone.
/// The handler may still be starting (its start-up checks run while the loop already waits for the first event):
/// no invocation reaches it before it is ready, and if its start-up fails the invocation in hand (if any) is
/// answered with that error and the loop ends with 1, so a function that cannot work never takes an event.
/// </summary>
public sealed class LambdaLoop(LambdaRuntimeClient client, Task<IInvocationHandler> startingHandler, JsonLog log, TimeProvider time)
{
    public LambdaLoop(LambdaRuntimeClient client, IInvocationHandler handler, JsonLog log, TimeProvider time)
        : this(client, Task.FromResult(handler), log, time)
    {
    }

    /// <summary>Time kept back from Lambda's deadline so the handler can still answer after its last retry.</summary>
    public TimeSpan SafetyMargin { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Set to each invocation's deadline while it runs, for the storage retries of clients built at start-up.</summary>
    public InvocationDeadline? Deadline { get; init; }

    /// <summary>Runs until <paramref name="cancellation"/> or until the Runtime API fails; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellation = default)
    {
        IInvocationHandler? handler = null;
        while (!cancellation.IsCancellationRequested)
        {
            var next = client.NextAsync(cancellation);
            if (handler is null && await FailedWhileWaiting(next).ConfigureAwait(false))
            {
                return 1;
            }

            Invocation invocation;
            try
            {
                invocation = await next.ConfigureAwait(false);
            }
            catch (PayloadTooLargeException ex)
            {
                log.Error("invocation refused", w => { w.WriteString("requestId", ex.RequestId); w.WriteString("error", ex.Message); });
                if (!await TryAnswer(() => client.ReportErrorAsync(ex.RequestId, "Runtime.PayloadTooLarge", ex.Message, cancellation), ex.RequestId).ConfigureAwait(false))
                {
                    return 1;
                }

                continue;
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RuntimeApiException or HttpRequestException)
            {
                log.Error("runtime API unavailable", w => w.WriteString("error", ex.Message));
                return 1;
            }

            handler ??= await ReadyHandler(invocation, cancellation).ConfigureAwait(false);
            if (handler is null || !await HandleAsync(handler, invocation, cancellation).ConfigureAwait(false))
            {
                return 1;
            }
        }

        return 0;
    }

    /// <summary>True when the handler's start-up failed before an event came: the runtime exits without waiting for one.</summary>
    private async Task<bool> FailedWhileWaiting(Task<Invocation> next)
    {
        await Task.WhenAny(next, startingHandler).ConfigureAwait(false);
        if (next.IsCompleted || startingHandler.IsCompletedSuccessfully)
        {
            return false;
        }

        LogStartupFailure(startingHandler.Exception?.GetBaseException());
        return true;
    }

    /// <summary>Waits for the handler's start-up; when it failed, answers <paramref name="invocation"/> with the reason and returns null.</summary>
    private async Task<IInvocationHandler?> ReadyHandler(Invocation invocation, CancellationToken cancellation)
    {
        try
        {
            return await startingHandler.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStartupFailure(ex);
            await TryAnswer(() => client.ReportErrorAsync(invocation.RequestId, Bootstrap.ErrorTypeOf(ex), ex.Message, cancellation), invocation.RequestId).ConfigureAwait(false);
            return null;
        }
    }

    private void LogStartupFailure(Exception? ex) =>
        log.Error("init failed", w =>
        {
            w.WriteString("errorType", ex is null ? "Canceled" : Bootstrap.ErrorTypeOf(ex));
            w.WriteString("error", ex?.Message ?? "start-up was canceled");
        });

    /// <summary>Handles one invocation; false when the answer could not be delivered (the runtime must exit).</summary>
    private async Task<bool> HandleAsync(IInvocationHandler handler, Invocation invocation, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(invocation.DeadlineMs) - SafetyMargin;
        var remaining = deadline - time.GetUtcNow();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (remaining > TimeSpan.Zero)
        {
            budget.CancelAfter(remaining);
        }
        else
        {
            budget.Cancel();
        }

        var context = new InvocationContext(invocation.RequestId, deadline, budget.Token);

        HandlerResult result;
        try
        {
            using (Deadline?.Enter(deadline))
            {
                result = handler.Handle(invocation.Payload, context);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string errorType = ex.GetType().Name;
            log.Error("invocation failed", w =>
            {
                w.WriteString("requestId", invocation.RequestId);
                w.WriteString("errorType", errorType);
                w.WriteString("error", ex.Message);
                w.WriteNumber("durationMs", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            });
            return await TryAnswer(() => client.ReportErrorAsync(invocation.RequestId, errorType, ex.Message, cancellation), invocation.RequestId).ConfigureAwait(false);
        }

        log.Info("invocation done", w =>
        {
            w.WriteString("requestId", invocation.RequestId);
            w.WriteNumber("payloadBytes", invocation.Payload.Length);
            HandlerResultLog.WriteCounts(w, result);
            w.WriteNumber("durationMs", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        });
        return await TryAnswer(() => client.RespondAsync(invocation.RequestId, result.Response, cancellation), invocation.RequestId).ConfigureAwait(false);
    }

    private async Task<bool> TryAnswer(Func<Task> post, string requestId)
    {
        try
        {
            await post().ConfigureAwait(false);
            return true;
        }
        catch (RuntimeApiException ex) when (ex.StatusCode is >= 400 and < 500)
        {
            // Lambda refused this answer (e.g. the invocation already timed out): the next one can still be served.
            log.Error("answer refused", w => { w.WriteString("requestId", requestId); w.WriteString("error", ex.Message); });
            return true;
        }
        catch (Exception ex) when (ex is RuntimeApiException or HttpRequestException or OperationCanceledException)
        {
            log.Error("runtime API unavailable", w => { w.WriteString("requestId", requestId); w.WriteString("error", ex.Message); });
            return false;
        }
    }
}
