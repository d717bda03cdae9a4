using System.Globalization;
using TrailNormalizer.Core.Evidence;
using TrailNormalizer.Core.Evidence.Checkpoints;
using TrailNormalizer.Core.Pipeline;
using TrailNormalizer.Core.Rules;
using TrailNormalizer.Core.Rules.Escalation;

namespace TrailNormalizer.Aws.Tests.FollowUps;

/// <summary>
/// Writes CloudTrail records through the Core pipeline with the built-in rules (so StopLogging and DeleteTrail are
/// escalated to detection findings stored beside the events) and seals them with a local key.
/// </summary>
public sealed class SealedEvidence : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trailnorm-followups-").FullName;
    private int _files;

    public SealedEvidence(IEvidenceStore store, TimeProvider time)
    {
        Store = store;
        Time = time;
        Signer = LocalKeySigner.FromPemFile(WriteKey());
    }

    public IEvidenceStore Store { get; }

    public TimeProvider Time { get; }

    public LocalKeySigner Signer { get; }

    /// <summary>Stores one CloudTrail record per (id, eventName) and seals; returns the new checkpoint's sequence.</summary>
    public long WriteAndSeal(params (string Id, string EventName)[] records)
    {
        string file = Path.Combine(_dir, $"trail-{_files++}.json");
        File.WriteAllText(file, "{\"Records\":[" + string.Join(",", records.Select(r => Record(r.Id, r.EventName))) + "]}");
        new NormalizationPipeline(Store, Time, rules: BuiltInRules.Load(), escalation: new EscalationOptions()).Run([file]);
        return new Sealer(Store, Signer, "test.trailnormalizer/followups", Time).Seal().Sequence
            ?? throw new InvalidOperationException("nothing was sealed");
    }

    public void Dispose()
    {
        Signer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string WriteKey()
    {
        string path = Path.Combine(_dir, "signing.key");
        File.WriteAllText(path, LocalKeySigner.Generate().PrivatePem);
        return path;
    }

    private static string Record(string id, string eventName) => string.Create(CultureInfo.InvariantCulture, $$"""
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAMALLORY","arn":"arn:aws:iam::123456789012:user/mallory",
         "accountId":"123456789012","userName":"mallory"},"eventTime":"2026-06-01T10:00:00Z","eventSource":"cloudtrail.amazonaws.com",
         "eventName":"{{eventName}}","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.30","userAgent":"aws-cli/2",
         "requestParameters":{"name":"org-trail"},"eventID":"{{id}}","recipientAccountId":"123456789012"}
        """);
}
