using System.Text.Json;

namespace TrailNormalizer.Infra.Aws.Tests;

/// <summary>Lookups on the template JSON that the assertion helpers do not answer directly.</summary>
internal static class TemplateJson
{
    public static JsonElement Properties(this JsonElement resource) => resource.GetProperty("Properties");

    public static (string LogicalId, JsonElement Resource) Function(this SynthesizedTemplate template, string handler) =>
        template.ResourcesOfType("AWS::Lambda::Function")
            .Single(f => f.Resource.Properties().TryGetProperty("Handler", out var h) && h.GetString() == handler);

    public static (string LogicalId, JsonElement Resource) Queue(this SynthesizedTemplate template, bool deadLetter) =>
        template.ResourcesOfType("AWS::SQS::Queue")
            .Single(q => q.Resource.Properties().TryGetProperty("RedrivePolicy", out _) != deadLetter);

    public static string EvidenceBucket(this SynthesizedTemplate template) =>
        template.SingleLogicalId("AWS::S3::Bucket", r => r.Properties().TryGetProperty("ObjectLockEnabled", out var on) && on.GetBoolean());

    /// <summary>The evidence data key or the checkpoint signing key (not the findings topic's key).</summary>
    public static string Key(this SynthesizedTemplate template, bool signing) =>
        template.SingleLogicalId("AWS::KMS::Key", r => r.Properties().TryGetProperty("KeySpec", out _) == signing && !IsFindingsKey(r));

    public static string FindingsKey(this SynthesizedTemplate template) => template.SingleLogicalId("AWS::KMS::Key", IsFindingsKey);

    public static string FindingsTopic(this SynthesizedTemplate template) => template.SingleLogicalId("AWS::SNS::Topic", _ => true);

    private static bool IsFindingsKey(JsonElement key) =>
        key.Properties().TryGetProperty("Description", out var d) && d.GetString()!.Contains("findings topic", StringComparison.Ordinal);

    public static string RoleOf(this SynthesizedTemplate template, string handler) =>
        template.Function(handler).Resource.Properties().GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString()!;
}
