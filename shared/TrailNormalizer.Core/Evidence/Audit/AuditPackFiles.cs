namespace TrailNormalizer.Core.Evidence.Audit;

/// <summary>The files of an audit pack (see docs/auditor-guide.md for what each proves).</summary>
public static class AuditPackFiles
{
    public const string ReportHtml = "report.html";
    public const string ReportMarkdown = "report.md";
    public const string Sample = "sample.ndjson";
    public const string ProofsFolder = "proofs";
    public const string Checkpoint = "checkpoint.txt";
    public const string TrustedCheckpoint = "trusted-checkpoint.txt";
    public const string Consistency = "consistency.json";
    public const string KeyFingerprint = "key-fingerprint.txt";
    public const string Transcript = "transcript.txt";
}
