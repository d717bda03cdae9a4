using System.CommandLine;
using System.Text.Json;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Evidence.Proofs;

namespace TrailNormalizer.Cli.Commands;

/// <summary><c>trailnorm prove DIR --out PROOFS --pubkey PUB (--sample FILE | --uid UID...)</c></summary>
public static class ProveCommand
{
    public static Command Create(CliConsole console)
    {
        var dir = new Argument<string>("DIR") { Description = "Sealed evidence folder." };
        var output = new Option<string>("--out", "-o") { Description = "Folder for the proof files (one <uid>.proof.json per event).", Required = true, HelpName = "PROOFS" };
        var pubkey = new Option<string>("--pubkey", "-p") { Description = "The sealer's public key; the latest checkpoint must verify with it.", Required = true, HelpName = "PUB" };
        var sample = new Option<string?>("--sample") { Description = "Output of 'trailnorm sample' (JSON lines with batch and index).", HelpName = "FILE" };
        var uids = new Option<string[]>("--uid") { Description = "Prove the event(s) with this metadata.uid (repeatable).", HelpName = "UID" };
        var trusted = TrustedCheckpointFiles.Option();
        trusted.Description = "A checkpoint the auditor kept (repeatable): each proof also carries the consistency proof from it, for 'verify-proof --trusted-checkpoint'.";
        var command = new Command("prove",
            "Write, per event, a self-contained proof: the event, its inclusion path in its batch, the batch's path in the log, the signed checkpoint and the key fingerprint.")
        {
            dir, output, pubkey, sample, uids, trusted,
        };
        command.SetAction(result =>
        {
            var store = EvidenceFolder.Open(result.GetRequiredValue(dir));
            var targets = Targets(store, result.GetValue(sample), result.GetValue(uids) ?? []);
            if (targets.Count == 0)
            {
                throw new CliException("nothing to prove: give --sample FILE or --uid UID", ExitCodes.Usage);
            }

            ProofBuilder builder;
            try
            {
                byte[] spki = PublicKeyFile.Read(result.GetRequiredValue(pubkey));
                builder = new ProofBuilder(store, spki);
                foreach (var kept in TrustedCheckpointFiles.Read(result.GetValue(trusted) ?? []))
                {
                    var checkpoint = TrustedCheckpoints.Open(kept, [spki]) ?? throw new CliException($"bad-signature: {kept.Name} is not signed by the given key");
                    builder.AddConsistencyFrom(checkpoint.Size);
                }
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ex.Message);
            }

            string outDir = result.GetRequiredValue(output);
            Directory.CreateDirectory(outDir);
            foreach (var (batch, index, uid) in targets)
            {
                EventProof proof;
                try
                {
                    proof = builder.Build(batch, index);
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentOutOfRangeException or FileNotFoundException)
                {
                    throw new CliException($"{uid}: {ex.Message}");
                }

                string path = Path.Combine(outDir, EvidenceKeys.Safe(uid) + ".proof.json");
                File.WriteAllBytes(path, proof.ToJson());
                console.Out.WriteLine(path);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static List<(string Batch, int Index, string Uid)> Targets(LocalEvidenceStore store, string? sampleFile, string[] uids)
    {
        var targets = new List<(string, int, string)>();
        if (sampleFile is not null)
        {
            foreach (string line in File.ReadLines(sampleFile).Where(l => l.Trim().Length > 0))
            {
                try
                {
                    using var doc = JsonDocument.Parse(line, StoredEventJson.Options);
                    var r = doc.RootElement;
                    targets.Add((r.GetProperty("batch").GetString()!, r.GetProperty("index").GetInt32(), r.GetProperty("uid").GetString()!));
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
                {
                    throw new CliException($"{sampleFile}: not a line from 'trailnorm sample': {line}");
                }
            }
        }

        if (uids.Length > 0)
        {
            var wanted = uids.ToHashSet(StringComparer.Ordinal);
            foreach (var (location, ev) in EventSampler.Events(store))
            {
                ev.Dispose();
                if (wanted.Contains(location.Uid))
                {
                    targets.Add((location.BatchKey, location.Index, location.Uid));
                }
            }

            var missing = wanted.Except(targets.Select(t => t.Item3)).ToList();
            if (missing.Count > 0)
            {
                throw new CliException($"no event with metadata.uid {string.Join(", ", missing)}");
            }
        }

        return targets;
    }
}
