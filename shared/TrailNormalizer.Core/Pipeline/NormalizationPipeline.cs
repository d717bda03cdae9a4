using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;

namespace TrailNormalizer.Core.Pipeline;

/// <summary>
/// Progress of a run, reported after each file and within a file after every mebibyte read: records stored so far,
/// and input bytes read (compressed size for .gz) of all the files' total.
/// </summary>
public readonly record struct NormalizationProgress(long FilesDone, long FilesTotal, long Records, string CurrentFile, long BytesRead = 0, long BytesTotal = 0);

/// <summary>
/// The local transport: input files, in order, through one <see cref="IngestSession"/> into evidence batches, each file an
/// input of the run journal. Nothing is lost: a file that cannot be opened is itself a quarantine item. With
/// <paramref name="workers"/> above 1 records are routed on that many threads and stored in input order by another
/// (<see cref="IngestOptions.Workers"/>): the same events, batches and Merkle roots as with 1.
/// </summary>
public sealed class NormalizationPipeline(
    IEvidenceStore store, TimeProvider time, InputLimits? limits = null, EvidenceWriterOptions? writerOptions = null, RecordHandlerOptions? handlerOptions = null,
    SigmaRuleSet? rules = null, EscalationOptions? escalation = null, int workers = 1)
{
    /// <param name="files">The inputs, in order.</param>
    /// <param name="progress">Hears after each file and within files (<see cref="NormalizationProgress"/>).</param>
    /// <param name="ledger">Skips inputs already stored and records completed ones (<see cref="Evidence.Runs.LocalRunJournal"/>); null for none.</param>
    public IngestSummary Run(IReadOnlyList<string> files, IProgress<NormalizationProgress>? progress = null, Evidence.Runs.IInputLedger? ledger = null)
    {
        using var session = new IngestSession(new IngestOptions
        {
            Store = store,
            Time = time,
            Limits = limits ?? InputLimits.Default,
            Handlers = handlerOptions ?? new RecordHandlerOptions(),
            Writer = writerOptions ?? new EvidenceWriterOptions(),
            Rules = rules,
            Escalation = escalation,
            Workers = workers,
        });
        var writer = session.Writer;
        long bytesDone = 0;
        long bytesTotal = progress is null ? 0 : files.Sum(LengthOrZero);
        for (int i = 0; i < files.Count; i++)
        {
            string file = files[i];
            int filesDone = i;
            if (ledger?.Begin(file, writer) != false)
            {
                Action<long>? onRead = progress is null ? null : read => progress.Report(
                    new NormalizationProgress(filesDone, files.Count, session.RecordsStored, file, bytesDone + read, bytesTotal));
                session.RouteFile(file, onRead);
                if (ledger is not null)
                {
                    session.WaitForWriter(); // the journal reads and resets the writer's input cursor: the file's records must be written
                    ledger.Done(file, writer);
                }
            }

            bytesDone += progress is null ? 0 : LengthOrZero(file);
            progress?.Report(new NormalizationProgress(i + 1, files.Count, session.RecordsStored, file, bytesDone, bytesTotal));
        }

        session.Flush();
        ledger?.Finish(writer);
        return session.Summary() with { Inputs = files.Count };
    }

    /// <summary>Routes every unit of one stream (a file, an S3 object, a request body) into <paramref name="sink"/>.</summary>
    public static void ProcessStream(Stream stream, string source, bool lineMode, RecordRouter router, IRecordSink sink, InputLimits limits)
    {
        foreach (var unit in JsonUnitReader.ReadTransient(stream, source, limits, lineMode))
        {
            router.Route(unit, sink);
        }
    }

    /// <summary>
    /// Routes one input file's (decompressed) stream like <see cref="ProcessStream"/>, and reports a file that held
    /// nothing to route (empty after decompression, only whitespace, only empty arrays) as a quarantine item, so a
    /// non-empty input never ends as "0 records, 0 quarantined" without a word.
    /// </summary>
    public static void ProcessFileStream(Stream stream, string file, RecordRouter router, IRecordSink sink, InputLimits limits)
    {
        var counted = new OutputCounter(sink);
        ProcessStream(stream, file, InputFiles.IsLineDelimited(file), router, counted, limits);
        if (counted.Outputs == 0)
        {
            sink.Quarantined(new QuarantineItem("the file holds no records (empty after decompression, only whitespace, or only empty arrays)", file, ReadOnlyMemory<byte>.Empty));
        }
    }

    private static long LengthOrZero(string file)
    {
        try
        {
            return new FileInfo(file).Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
