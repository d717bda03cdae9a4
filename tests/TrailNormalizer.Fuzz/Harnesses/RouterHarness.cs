using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules.Tagging;

namespace TrailNormalizer.Fuzz.Harnesses;

/// <summary>
/// One input file through the router with every mapper, the built-in rules and the evidence writer, as the CLI
/// runs it. Contract: nothing escapes; the file ends as at least one output and records = normalized +
/// quarantined + control as stored; everything stored keeps <see cref="StoredEvidence"/>'s contract.
/// </summary>
public static class RouterHarness
{
    private static readonly RecordRouter Router = new(FuzzSetup.Limits, FuzzSetup.Clock, RecordHandlers.Default(new RecordHandlerOptions()));

    private static readonly Lazy<EventTagger> Tagger = new(() => new EventTagger(FuzzSetup.Rules));

    public static void Run(byte[] input)
    {
        var store = new MemoryEvidenceStore();
        using var writer = new EvidenceWriter(store, FuzzSetup.Clock);
        var counted = new CountingSink(new TaggingSink(Tagger.Value, writer));
        using (var stream = InputFiles.MaybeDecompress(new MemoryStream(input)))
        {
            NormalizationPipeline.ProcessFileStream(stream, "fuzz.json", Router, counted, FuzzSetup.Limits);
        }

        writer.Flush();
        if (counted.Total == 0)
        {
            throw new ContractViolationException($"{input.Length} bytes ended as nothing");
        }

        if (writer.NormalizedCount != counted.Events || writer.QuarantinedCount != counted.Items || writer.ControlCount != counted.Controls)
        {
            throw new ContractViolationException($"the writer counted {writer.NormalizedCount}/{writer.QuarantinedCount}/{writer.ControlCount}, the router routed {counted.Events}/{counted.Items}/{counted.Controls}");
        }

        StoredEvidence.Check(store, counted.Events, counted.Items);
    }
}
