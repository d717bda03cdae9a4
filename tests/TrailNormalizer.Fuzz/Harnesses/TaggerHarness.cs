using System.Text.Json;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>
/// The tagger (<see cref="EventTagger"/> with the built-in rules) on every event the mappers make of an input.
/// Contract: tagging a mapped event never throws (a throw would cost a good record its event); the tagged event
/// is valid OCSF with the same uid, class, time, raw_data and raw_data_hash; tagging is deterministic.
/// </summary>
public static class TaggerHarness
{
    private static readonly RecordRouter Router = new(FuzzSetup.Limits, FuzzSetup.Clock, RecordHandlers.Default(new RecordHandlerOptions()));

    private static readonly Lazy<EventTagger> Tagger = new(() => new EventTagger(FuzzSetup.Rules));

    private static readonly JsonDocumentOptions DeepEvents = new() { MaxDepth = 512 };

    private static readonly string[] Kept = ["uid", "class_uid", "time", "raw_data", "raw_data_hash"];

    public static void Run(byte[] input)
    {
        var mapped = new CountingSink();
        using (var stream = InputFiles.MaybeDecompress(new MemoryStream(input)))
        {
            NormalizationPipeline.ProcessFileStream(stream, "fuzz.json", Router, mapped, FuzzSetup.Limits);
        }

        foreach (var ev in mapped.Kept)
        {
            var tagged = Tagger.Value.Tag(ev);
            if (!tagged.Json.AsSpan().SequenceEqual(Tagger.Value.Tag(ev).Json))
            {
                throw new ContractViolationException("tagging the same event twice gave different bytes");
            }

            if (tagged.Uid != ev.Uid || tagged.ClassUid != ev.ClassUid || tagged.TimeMs != ev.TimeMs || tagged.Partition != ev.Partition)
            {
                throw new ContractViolationException("tagging changed the event's uid, class, time or partition");
            }

            StoredEvidence.CheckEvent(tagged.Json);
            using var before = JsonDocument.Parse(ev.Json, DeepEvents);
            using var after = JsonDocument.Parse(tagged.Json, DeepEvents);
            foreach (string name in Kept)
            {
                if (Text(before.RootElement, name) != Text(after.RootElement, name))
                {
                    throw new ContractViolationException($"tagging changed {name}");
                }
            }
        }
    }

    /// <summary>A member's value: a string decoded (the writer may escape it differently), anything else as JSON text.</summary>
    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null : value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
}
