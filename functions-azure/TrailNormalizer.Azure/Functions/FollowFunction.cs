using System.Globalization;
using TrailNormalizer.Azure.Host;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Azure.Functions;

/// <summary>
/// The timer function that catches what Azure Monitor appends after BlobCreated (AppendBlock raises no event): lists
/// the diagnostic-log blobs of the allowed accounts modified within the lookback window and follows each from its
/// cursor. Work is bounded (blobs and bytes per invocation); what is left is picked up by the next run. A blob that
/// fails is logged and the others still run; the invocation then fails so the failure is visible.
/// </summary>
public sealed class FollowFunction(HandlerServices services)
{
    private readonly LogBlobFollower _follower = new(services);

    public InvocationResponse Invoke(InvocationRequest request)
    {
        if (services.LogBlobs is not { } source)
        {
            return InvocationResponse.Ok("Follow: no log blob source is configured");
        }

        var settings = services.Settings;
        var now = services.Time.GetUtcNow();
        using var session = new IngestSession(services.Ingest);
        int listed = 0, followed = 0, current = 0, failed = 0, held = 0;
        long bytes = 0, records = 0;
        bool bounded = false;
        foreach (var blob in source.ListModifiedSince(now - settings.FollowLookback, now))
        {
            listed++;
            if (followed >= settings.FollowMaxBlobs || bytes >= settings.FollowMaxBytes)
            {
                bounded = true;
                break;
            }

            if (LogCursor.LatestOffset(services.Store, blob.Url) >= blob.Length)
            {
                current++;
                continue;
            }

            try
            {
                var step = _follower.Follow(blob.Url, session, settings.FollowMaxBytes - bytes);
                followed++;
                bytes += step.BytesRead;
                records += step.Records;
                held += step.TailHeld ? 1 : 0;
                if (step.Refusal is { } reason)
                {
                    services.Log.Warn($"Follow: {blob.Url.GetLeftPart(UriPartial.Path)} not read: {reason}");
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failed++;
                services.Log.Error($"Follow: {blob.Url.GetLeftPart(UriPartial.Path)} failed, it is read again from its cursor next time: {ex.GetType().Name}: {ex.Message}");
            }
        }

        session.Flush();
        string what = string.Create(CultureInfo.InvariantCulture,
            $"Follow: {listed} log blobs modified in the last {settings.FollowLookback.TotalMinutes:0} min, {followed} read ({records} records, {bytes} bytes), {current} already stored, {held} with an unfinished last line held back, {failed} failed; {session.Summary()}")
            + (bounded ? string.Create(CultureInfo.InvariantCulture, $"; stopped at the bound ({settings.FollowMaxBlobs} blobs / {settings.FollowMaxBytes} bytes), the rest is read next time") : "");
        services.Log.Info(what);
        return failed > 0 ? InvocationResponse.Failed(500, what) : InvocationResponse.Ok(what);
    }
}
