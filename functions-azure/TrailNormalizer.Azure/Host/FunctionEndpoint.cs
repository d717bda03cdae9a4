using Microsoft.AspNetCore.Http;
using TrailNormalizer.Azure.Functions;

namespace TrailNormalizer.Azure.Host;

/// <summary>
/// Adapts a function to the route the Functions host POSTs its invocations to: reads the bounded payload, runs the
/// function, and answers its <see cref="InvocationResponse"/>. A malformed payload answers 400, a failure 500 (the
/// host then fails the invocation and the trigger retries it).
/// </summary>
public static class FunctionEndpoint
{
    /// <summary>Largest invocation payload accepted (Event Grid events are at most 1 MB each; batches a few MB).</summary>
    public const int MaxInvocationBytes = 8 * 1024 * 1024;

    public static RequestDelegate For(string name, Func<InvocationRequest, InvocationResponse> function, HandlerLog log) => async context =>
    {
        var payload = await ReadBody(context.Request, context.RequestAborted).ConfigureAwait(false);
        InvocationResponse response;
        if (payload is null)
        {
            response = InvocationResponse.Failed(StatusCodes.Status413PayloadTooLarge, $"{name}: the invocation payload exceeds {MaxInvocationBytes} bytes");
        }
        else
        {
            response = Run(name, function, payload, log);
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(response.ToJson(), context.RequestAborted).ConfigureAwait(false);
    };

    internal static InvocationResponse Run(string name, Func<InvocationRequest, InvocationResponse> function, ReadOnlyMemory<byte> payload, HandlerLog log)
    {
        try
        {
            using var request = InvocationRequest.Parse(payload);
            return function(request);
        }
        catch (InvalidInvocationException ex)
        {
            log.Warn($"{name}: bad invocation: {ex.Message}");
            return InvocationResponse.Failed(StatusCodes.Status400BadRequest, $"{name}: bad invocation: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            log.Error($"{name} failed, the host will retry: {ex.GetType().Name}: {ex.Message}");
            return InvocationResponse.Failed(StatusCodes.Status500InternalServerError, $"{name} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>The whole body, or null when it is larger than <see cref="MaxInvocationBytes"/>.</summary>
    private static async Task<byte[]?> ReadBody(HttpRequest request, CancellationToken cancellation)
    {
        if (request.ContentLength > MaxInvocationBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        byte[] chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxInvocationBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
