using System.Text;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Evidence.Proofs;
using TrailNormalizer.Core.Mapping;
using TrailNormalizer.Fuzz.Harnesses;

namespace TrailNormalizer.Fuzz;

/// <summary>
/// Writes the evidence harness's generated seeds: a small log of two batches sealed with the harness's test key,
/// and its manifests, seal record, signed checkpoint and an event proof that verifies.
/// </summary>
public static class EvidenceSeeds
{
    private const string Record = """
        {"eventVersion":"1.09","eventTime":"2026-11-20T08:15:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.15.0","eventID":"EVENT-ID","eventType":"AwsApiCall","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"requestParameters":{"userName":"bob"},"responseElements":null}
        """;

    public static void Write(string folder)
    {
        Directory.CreateDirectory(folder);
        var store = new MemoryEvidenceStore();
        var router = new RecordRouter(FuzzSetup.Limits, FuzzSetup.Clock);
        for (int batch = 0; batch < 2; batch++)
        {
            using var writer = new EvidenceWriter(store, FuzzSetup.Clock);
            for (int i = 0; i < 3; i++)
            {
                string record = Record.Replace("EVENT-ID", $"00000000-0000-4000-8000-00000000000{(batch * 3) + i}", StringComparison.Ordinal);
                router.Route(Core.Input.InputUnit.Value(Encoding.UTF8.GetBytes(record), "seed"), writer);
            }

            writer.Flush();
        }

        new Sealer(store, EvidenceHarness.TestKey, "fuzz.trailnormalizer.example/log", FuzzSetup.Clock).Seal();
        var log = EvidenceLog.Read(store);
        string manifestKey = log.Leaves.First();
        File.WriteAllBytes(Path.Combine(folder, "manifest.json"), ReadAll(store, manifestKey));
        File.WriteAllBytes(Path.Combine(folder, "seal.json"), ReadAll(store, SealRecord.SealKey(log.Seals[^1].Sequence)));
        File.WriteAllText(Path.Combine(folder, "checkpoint.note"), log.Checkpoints[^1]);
        File.WriteAllText(Path.Combine(folder, "checkpoint.txt"), SignedNote.UnverifiedText(log.Checkpoints[^1]!));
        var proof = new ProofBuilder(store, EvidenceHarness.TestKey.PublicKeySpki).Build(EvidenceKeys.BatchKeyFor(manifestKey), 1);
        File.WriteAllBytes(Path.Combine(folder, "proof.json"), proof.ToJson());
    }

    private static byte[] ReadAll(MemoryEvidenceStore store, string key)
    {
        using var stream = store.OpenRead(key);
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
