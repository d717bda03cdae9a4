using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Aws.FollowUps;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;

namespace TrailNormalizer.Aws.Findings;

/// <summary>
/// Publishes the escalated detection findings (OCSF 2004) to SNS from the sealed evidence, seal by seal. After every
/// finding of seal N is published, a create-only cursor <c>cursors/sns-findings/N.json</c> records it; the next run
/// starts after the newest cursor. A failed publish leaves the seal without a cursor, so the next run publishes that
/// seal's findings again: a finding is published at least once, and twice only when a run fails between its publish and
/// the seal's cursor, or two runs overlap. Each message carries the finding's uid as the <c>finding_uid</c> attribute
/// for subscribers that deduplicate. Without any cursor it starts at the newest seal, so enabling it on an existing
/// log does not replay its history. Publishing never touches evidence: only cursors are written.
/// </summary>
public sealed class FindingsPublisher(IEvidenceStore evidence, SnsPublishClient sns, string topicArn, RetentionPolicy retention, TimeProvider time) : ISealFollowUp
{
    public const string CursorPrefix = EvidenceKeys.CursorsPrefix + "sns-findings/";
    private const string DetectionFindingClass = "2004";

    /// <summary>Largest finding sent as it is; larger ones are announced by a stub. Leaves room for the attributes.</summary>
    public int MaxFindingBytes { get; init; } = SnsPublishClient.MaxMessageBytes - 2048;

    /// <summary>Seals handled per run at most; the rest wait for the next run.</summary>
    public int MaxSealsPerRun { get; init; } = 50;

    public IReadOnlyList<KeyValuePair<string, long>> Run()
    {
        var (published, truncated) = Publish();
        return [new("findingsPublished", published), new("findingsTruncated", truncated)];
    }

    /// <summary>Publishes the findings of the seals after the cursor; returns how many messages, and how many of them were oversize stubs.</summary>
    public (int Published, int Truncated) Publish()
    {
        long? next = NextSeal();
        int published = 0;
        int truncated = 0;
        for (int done = 0; next is { } seq && done < MaxSealsPerRun && evidence.Exists(SealRecord.SealKey(seq)); done++, next = seq + 1)
        {
            var seal = SealRecord.Parse(ReadAll(SealRecord.SealKey(seq)));
            var uids = new HashSet<string>(StringComparer.Ordinal);
            foreach (string manifestKey in seal.Appended)
            {
                var manifest = BatchManifest.Parse(ReadAll(manifestKey));
                if (!manifest.Classes.ContainsKey(DetectionFindingClass))
                {
                    continue;
                }

                foreach (byte[] line in BatchLines.Read(evidence, manifest.ObjectKey).Where(l => EscalatedFindings.IsEscalation(l)))
                {
                    var finding = FindingMessage.From(line, manifest.ObjectKey);
                    if (uids.Add(finding.Uid))
                    {
                        truncated += PublishOne(finding) ? 0 : 1;
                        published++;
                    }
                }
            }

            WriteCursor(seq, uids.Count);
        }

        return (published, truncated);
    }

    /// <summary>Sends the finding, or a stub naming it when the finding is over SNS's size limit; false for a stub.</summary>
    private bool PublishOne(FindingMessage finding)
    {
        var attributes = finding.Attributes();
        if (Encoding.UTF8.GetByteCount(finding.Json) <= MaxFindingBytes)
        {
            sns.PublishAsync(topicArn, finding.Json, attributes).GetAwaiter().GetResult();
            return true;
        }

        sns.PublishAsync(topicArn, finding.OversizeStub(), attributes).GetAwaiter().GetResult();
        return false;
    }

    private long? NextSeal()
    {
        string? cursor = evidence.List(CursorPrefix).LastOrDefault(k => k.EndsWith(".json", StringComparison.Ordinal));
        if (cursor is not null)
        {
            return Sequence(cursor) + 1;
        }

        string? newest = evidence.List(SealRecord.SealsPrefix).LastOrDefault(k => k.EndsWith(".json", StringComparison.Ordinal));
        return newest is null ? null : Sequence(newest);
    }

    private void WriteCursor(long seq, int findings)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("seal", seq);
            w.WriteNumber("findings", findings);
            w.WriteString("topic", topicArn);
            w.WriteString("published_at", time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        try
        {
            evidence.Put(CursorKey(seq), buffer.WrittenMemory, retention.RetainUntil(time.GetUtcNow()));
        }
        catch (EvidenceExistsException)
        {
            // An overlapping run published this seal too and recorded it first.
        }
    }

    public static string CursorKey(long seal) => string.Create(CultureInfo.InvariantCulture, $"{CursorPrefix}{seal:D12}.json");

    private static long Sequence(string key)
    {
        string name = key[(key.LastIndexOf('/') + 1)..];
        return long.Parse(name.AsSpan(0, name.IndexOf('.', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private byte[] ReadAll(string key)
    {
        using var stream = evidence.OpenRead(key);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
