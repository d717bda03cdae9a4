namespace TrailNormalizer.Core.Evidence.Reports;

/// <summary>One check an audit ran, as the transcript and the report show it.</summary>
public sealed record AuditCheck(string Name, bool Passed, string Detail)
{
    public override string ToString() => $"{(Passed ? "PASS" : "FAIL")}  {Name}: {Detail}";
}

/// <summary>A sampled event in an audit pack: where it is, what it is, and its proof file (relative to the pack).</summary>
public sealed record SampledEvent(string Uid, long TimeMs, string BatchKey, int Index, string What, string ProofFile, bool ProofVerified);

/// <summary>What an audit verified, with which key, by whom and when, and the sample it drew: the report's banner and sample section.</summary>
public sealed record AuditSummary
{
    public required IReadOnlyList<AuditCheck> Checks { get; init; }

    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);

    public required string KeyFingerprint { get; init; }

    public required string Auditor { get; init; }

    public required string VerifiedAt { get; init; }

    /// <summary>The controls asked for (<c>soc2:CC7.2</c>); empty means every event was eligible.</summary>
    public required IReadOnlyList<string> Controls { get; init; }

    public required string Seed { get; init; }

    public int SampleSize { get; init; }

    public long EligibleEvents { get; init; }

    public int Checkpoints { get; init; }

    /// <summary>Tree size (sealed batches) and base64 root of the checkpoint the proofs are against; null when none verified.</summary>
    public long? TreeSize { get; init; }

    public string? Root { get; init; }

    /// <summary>The auditor's kept checkpoint the evidence was checked to extend (tree size), when one was given.</summary>
    public long? TrustedTreeSize { get; init; }

    public required IReadOnlyList<SampledEvent> Sample { get; init; }
}
