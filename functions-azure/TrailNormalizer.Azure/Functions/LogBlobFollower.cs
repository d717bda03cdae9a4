using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Azure.Functions;

/// <summary>What one <see cref="LogBlobFollower.Follow"/> step did; <see cref="Refusal"/> is set when the blob may not be read.</summary>
public sealed record FollowStep(string? Refusal, long FromOffset, long ToOffset, long Records, long BytesRead, bool TailHeld)
{
    public static FollowStep Refused(string reason) => new(reason, 0, 0, 0, 0, TailHeld: false);
}

/// <summary>
/// Follows one diagnostic-log blob that Azure Monitor keeps appending to (no event is raised per append): reads
/// from the blob's cursor on, routes every complete line, and once the batches holding them are stored, writes
/// the next cursor. The unterminated last line is left for later unless the blob is finished (a block blob, a
/// sealed append blob, or one unmodified for the closing period). A failure before the cursor is written
/// propagates, so the invocation fails and the next attempt starts from the old cursor again: records may be
/// stored twice (same metadata.uid), never skipped.
/// </summary>
public sealed class LogBlobFollower(HandlerServices services)
{
    /// <summary>Reads <paramref name="blobUrl"/> onward by at most <paramref name="maxBytes"/> into <paramref name="session"/>.</summary>
    public FollowStep Follow(Uri blobUrl, IngestSession session, long maxBytes)
    {
        if (services.LogBlobs is not { } source)
        {
            return FollowStep.Refused("no log blob source is configured");
        }

        long offset = LogCursor.LatestOffset(services.Store, blobUrl);
        using var read = source.OpenFrom(blobUrl, offset, maxBytes, out string? reason);
        if (read is null)
        {
            return FollowStep.Refused(reason ?? "log blob not read");
        }

        using var lines = new CompleteLinesStream(read.Content, IsFinished(read), services.Limits.MaxUnitBytes);
        long records = Route(lines, blobUrl, offset, session);
        if (lines.Failure is { } failure)
        {
            throw new IOException($"reading log blob {blobUrl.GetLeftPart(UriPartial.Path)} failed at byte {offset + lines.Released}: {failure.Message}", failure);
        }

        long next = offset + lines.Released;
        if (next == offset)
        {
            return new FollowStep(null, offset, offset, 0, 0, lines.HeldBack > 0);
        }

        session.Flush();
        var now = services.Time.GetUtcNow();
        var cursor = new LogCursor(LogCursor.BlobIdentity(blobUrl), next, offset, records, now);
        try
        {
            services.Store.Put(LogCursor.KeyFor(blobUrl, next), cursor.ToJson(), services.Retention.RetainUntil(now));
        }
        catch (EvidenceExistsException)
        {
            // Another follower stored the same step first; its records and ours are the same lines.
        }

        return new FollowStep(null, offset, next, records, lines.Released, lines.HeldBack > 0);
    }

    /// <summary>Every complete line from the stream; a reader that stops early (an oversized malformed value) is followed by a fresh one on the rest.</summary>
    private long Route(CompleteLinesStream lines, Uri blobUrl, long offset, IngestSession session)
    {
        string source = blobUrl.GetLeftPart(UriPartial.Path) + (offset > 0 ? $"@{offset}" : "");
        long records = 0;
        bool first = true;
        while (first || (!lines.AtEnd && lines.Failure is null))
        {
            foreach (var unit in JsonUnitReader.Read(lines, source, services.Limits, lineMode: !first || offset > 0))
            {
                session.Route(unit);
                records++;
            }

            first = false;
        }

        return records;
    }

    // The tail is released only at the blob's end, and only an append blob grows; once Azure Monitor has not touched it for the closing period, its hour is over.
    private bool IsFinished(LogBlobRead read) =>
        read.ReachesEnd && (!read.Growing || read.LastModified + services.Settings.LogClosingPeriod <= services.Time.GetUtcNow());
}
