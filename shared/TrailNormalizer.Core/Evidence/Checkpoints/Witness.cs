namespace TrailNormalizer.Core.Evidence.Checkpoints;

/// <summary>
/// A second place that keeps a copy of every checkpoint (<c>log/checkpoints/N.checkpoint</c>, create-only), ideally
/// written with other credentials: whoever can delete or rewrite the evidence store then cannot also make the witness agree.
/// </summary>
public static class Witness
{
    /// <summary>Copies every checkpoint of the log that the witness does not hold yet; returns how many. A differing copy is refused.</summary>
    public static int Sync(IEvidenceStore store, IEvidenceStore witness, TimeProvider time, RetentionPolicy? retention = null)
    {
        var log = EvidenceLog.Read(store);
        int copied = 0;
        for (int i = 0; i < log.Seals.Count; i++)
        {
            if (log.Checkpoints[i] is not { } note)
            {
                continue;
            }

            string key = SealRecord.CheckpointKey(log.Seals[i].Sequence);
            if (witness.Exists(key))
            {
                if (System.Text.Encoding.UTF8.GetString(EvidenceLog.ReadAll(witness, key)) != note)
                {
                    throw new InvalidOperationException($"forked: {key}: the witness holds a different checkpoint {log.Seals[i].Sequence}");
                }

                continue;
            }

            witness.Put(key, System.Text.Encoding.UTF8.GetBytes(note), (retention ?? RetentionPolicy.Default).RetainUntil(time.GetUtcNow()));
            copied++;
        }

        return copied;
    }

    /// <summary>
    /// Compares the witness with the log: a witness checkpoint the log no longer has is <c>rolled-back</c>, a different one is
    /// <c>forked</c>; the newest witness checkpoint is also checked as a kept checkpoint (signature and consistency).
    /// </summary>
    public static List<VerifyFinding> Compare(IEvidenceStore store, IEvidenceStore witness, byte[]? publicKeySpki)
    {
        var findings = new List<VerifyFinding>();
        var copies = witness.List(SealRecord.CheckpointsPrefix).Where(k => k.EndsWith(".checkpoint", StringComparison.Ordinal)).ToList();
        foreach (string key in copies)
        {
            string copy = System.Text.Encoding.UTF8.GetString(EvidenceLog.ReadAll(witness, key));
            if (!store.Exists(key))
            {
                findings.Add(new VerifyFinding("rolled-back", key, "the witness holds this checkpoint, the evidence no longer does"));
            }
            else if (System.Text.Encoding.UTF8.GetString(EvidenceLog.ReadAll(store, key)) != copy)
            {
                findings.Add(new VerifyFinding("forked", key, "differs from the witness copy"));
            }
        }

        if (publicKeySpki is not null && copies.Count > 0)
        {
            var newest = new TrustedCheckpoint("witness " + copies[^1], System.Text.Encoding.UTF8.GetString(EvidenceLog.ReadAll(witness, copies[^1])));
            findings.AddRange(TrustedCheckpoints.Check(store, publicKeySpki, [newest]));
        }

        return findings;
    }
}
