using System.Globalization;
using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Input;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Core.Pipeline;

namespace TrailNormalizer.Benchmarks;

/// <summary>
/// A large evidence folder for the verify benchmark without normalizing every record: 10,000 generated records are
/// normalized once, and their OCSF events are written again and again, each copy under its own <c>metadata.uid</c>,
/// by the evidence writer (batches, manifests, Merkle roots) into a local folder, which is then sealed.
/// </summary>
public static class VerifyEvidence
{
    public static void Write(string folder, int events)
    {
        var templates = new Collector();
        var router = new RecordRouter(InputLimits.Default, TimeProvider.System);
        NormalizationPipeline.ProcessStream(new MemoryStream(SyntheticCloudTrail.LogFile(10_000)), "gen.json", false, router, templates, InputLimits.Default);
        using var store = new LocalEvidenceStore(folder);
        using (var writer = new EvidenceWriter(store, TimeProvider.System))
        {
            for (int i = 0; i < events; i++)
            {
                var template = templates.Events[i % templates.Events.Count];
                string uid = template.Uid + "-" + (i / templates.Events.Count).ToString(CultureInfo.InvariantCulture);
                byte[] json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(template.Json).Replace($"\"uid\":\"{template.Uid}\"", $"\"uid\":\"{uid}\"", StringComparison.Ordinal));
                writer.Normalized(template with { Json = json, Uid = uid });
            }

            writer.Flush();
        }

        var (privatePem, _) = LocalKeySigner.Generate();
        string key = Path.Combine(Path.GetTempPath(), $"verify-evidence-{Guid.NewGuid():N}.key");
        File.WriteAllText(key, privatePem);
        using (var signer = LocalKeySigner.FromPemFile(key))
        {
            new Sealer(store, signer, "bench.local/log", TimeProvider.System).Seal();
        }

        File.Delete(key);
        Console.WriteLine($"wrote {events:N0} events to {folder}");
    }

    private sealed class Collector : IRecordSink
    {
        public List<NormalizedEvent> Events { get; } = [];

        public void Normalized(NormalizedEvent normalizedEvent) => Events.Add(normalizedEvent);

        public void Quarantined(QuarantineItem item)
        {
        }

        public void Control(string kind, string source)
        {
        }
    }
}
