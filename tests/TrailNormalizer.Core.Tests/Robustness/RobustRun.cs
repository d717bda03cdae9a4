using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Tagging;
using TrailNormalizer.Core.Tests.Schemas;
using TrailNormalizer.Core.Tests.Support;

namespace TrailNormalizer.Core.Tests.Robustness;

/// <summary>
/// One input through the whole local pipeline (reader, router, every mapper, the built-in rules, the evidence
/// writer) into memory, with what the robustness tests check: counts, events, quarantine lines, verification.
/// </summary>
public sealed class RobustRun
{
    private static readonly Lazy<SigmaRuleSet> Rules = new(BuiltInRules.Load);
    private static readonly Lazy<OcsfSchemaValidator> Validator = new(() => OcsfSchemaValidator.LoadFrom(OcsfSchemaValidator.FindRepoSchemasDirectory()));
    private static readonly JsonDocumentOptions DeepEvents = new() { MaxDepth = 512 };

    private RobustRun(MemoryEvidenceStore store, EvidenceWriter writer)
    {
        Store = store;
        Normalized = writer.NormalizedCount;
        Quarantined = writer.QuarantinedCount;
        Control = writer.ControlCount;
    }

    public MemoryEvidenceStore Store { get; }

    public long Normalized { get; }

    public long Quarantined { get; }

    public long Control { get; }

    public long Records => Normalized + Quarantined + Control;

    public static RobustRun Of(byte[] input, string name = "input.json", InputLimits? limits = null, bool tag = true)
    {
        var effective = limits ?? InputLimits.Default;
        var store = new MemoryEvidenceStore();
        using var writer = new EvidenceWriter(store, FixedTime.Default);
        IRecordSink sink = tag ? new TaggingSink(new EventTagger(Rules.Value), writer) : writer;
        var router = new RecordRouter(effective, FixedTime.Default);
        using (var stream = InputFiles.MaybeDecompress(new MemoryStream(input)))
        {
            NormalizationPipeline.ProcessStream(stream, name, InputFiles.IsLineDelimited(name), router, sink, effective);
        }

        writer.Flush();
        return new RobustRun(store, writer);
    }

    public List<byte[]> EventLines() => Lines(EvidenceKeys.EventsPrefix);

    public List<JsonElement> QuarantineItems() =>
        Lines(EvidenceKeys.QuarantinePrefix).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    /// <summary>Every stored event's <c>raw_data_hash</c> is the SHA-256 of the UTF-8 bytes of its <c>raw_data</c>; null when all are.</summary>
    public static string? RawHashProblem(ReadOnlySpan<byte> eventJson)
    {
        using var doc = JsonDocument.Parse(eventJson.ToArray(), DeepEvents);
        var root = doc.RootElement;
        if (!root.TryGetProperty("raw_data", out var raw) || !root.TryGetProperty("raw_data_hash", out var hash))
        {
            return "no raw_data or raw_data_hash";
        }

        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw.GetString()!)));
        string actual = hash.GetProperty("value").GetString()!;
        return expected == actual ? null : $"raw_data_hash {actual} but SHA-256(raw_data) is {expected}";
    }

    /// <summary>Schema findings of one stored event (empty when valid).</summary>
    public static IReadOnlyList<string> SchemaProblems(ReadOnlySpan<byte> eventJson)
    {
        using var doc = JsonDocument.Parse(eventJson.ToArray(), DeepEvents);
        return Validator.Value.Validate(doc.RootElement);
    }

    /// <summary>The quarantine line keeps the bytes exactly: its raw decodes to bytes whose SHA-256 is raw_sha256.</summary>
    public static bool QuarantineRawIsExact(JsonElement item)
    {
        string raw = item.GetProperty("raw").GetString()!;
        byte[] bytes = item.GetProperty("raw_encoding").GetString() == "base64" ? Convert.FromBase64String(raw) : Encoding.UTF8.GetBytes(raw);
        return Convert.ToHexStringLower(SHA256.HashData(bytes)) == item.GetProperty("raw_sha256").GetString();
    }

    private List<byte[]> Lines(string prefix)
    {
        using var output = new MemoryStream();
        EvidenceReader.CopyLines(Store, prefix, output);
        var all = output.ToArray();
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] == (byte)'\n')
            {
                lines.Add(all[start..i]);
                start = i + 1;
            }
        }

        return lines;
    }
}
